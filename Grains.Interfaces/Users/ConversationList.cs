using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Users;

/// <summary>A user's conversations, most recent first. <see cref="TotalUnread"/> is the sum of the entries' unread counts.</summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.ConversationList")]
public sealed record ConversationList(
    [property: Id(0)] ConversationListEntry[] Conversations,
    [property: Id(1)] int TotalUnread,
    [property: Id(2)] long LatestSyncSeq);
