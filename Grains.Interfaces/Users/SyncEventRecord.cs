using Orleans.Concurrency;
using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Interfaces.Users;

/// <summary>
/// One entry of a user's sync log. For <see cref="SyncEventKind.Message"/>, <see cref="Seq"/> is the
/// message's conversation seq and <see cref="Message"/> its current state; for Read and Receipt,
/// <see cref="Seq"/> is the read seq, <see cref="ActorId"/> the reader and <see cref="Unread"/> the
/// user's unread count for the conversation after a Read.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.SyncEventRecord")]
public sealed record SyncEventRecord(
    [property: Id(0)] long SyncSeq,
    [property: Id(1)] SyncEventKind Kind,
    [property: Id(2)] string ConversationId,
    [property: Id(3)] long Seq,
    [property: Id(4)] string ActorId,
    [property: Id(5)] int Unread,
    [property: Id(6)] MessageRecord? Message);
