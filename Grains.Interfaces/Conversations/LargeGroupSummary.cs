using Orleans.Concurrency;
using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Interfaces.Conversations;

/// <summary>What a member's conversation list shows of a large group, read from the group when the list is asked for.</summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.LargeGroupSummary")]
public sealed record LargeGroupSummary(
    [property: Id(0)] string Name,
    [property: Id(1)] long LastSeq,
    [property: Id(2)] MessageRecord? LastMessage,
    [property: Id(3)] long JoinedSeq,
    [property: Id(4)] bool HistoryForNewMembers);
