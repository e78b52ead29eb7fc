using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Users;

[GenerateSerializer, Immutable, Alias("OrleansIm.MarkReadOutcome")]
public sealed record MarkReadOutcome(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] long ReadSeq,
    [property: Id(2)] int Unread,
    [property: Id(3)] int TotalUnread);
