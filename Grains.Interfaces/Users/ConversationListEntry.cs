using Orleans.Concurrency;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Interfaces.Users;

[GenerateSerializer, Immutable, Alias("OrleansIm.ConversationListEntry")]
public sealed record ConversationListEntry(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] ConversationKind Kind,
    [property: Id(2)] string Title,
    [property: Id(3)] long LastSeq,
    [property: Id(4)] long ReadSeq,
    [property: Id(5)] int Unread,
    [property: Id(6)] MessageRecord? LastMessage,
    [property: Id(7)] long LastActivityMs,
    [property: Id(8)] bool Mentioned = false);
