using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Conversations;

/// <summary>What a member's conversation list needs to know about a conversation, sent along with new messages.</summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.ConversationHeader")]
public sealed record ConversationHeader(
    [property: Id(0)] string Id,
    [property: Id(1)] ConversationKind Kind,
    [property: Id(2)] string Name);
