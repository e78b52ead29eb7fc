using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Messages;

/// <summary>
/// One stored message. Immutable (like every record grains exchange), so Orleans passes it by
/// reference between grains of one silo instead of deep-copying it on every hop; never mutate
/// one, derive with <c>with</c>. <see cref="Body"/> is its current body: an edit replaces it, a recall
/// clears it (null) and sets <see cref="Recalled"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.MessageRecord")]
public sealed record MessageRecord(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string SenderId,
    [property: Id(3)] string ClientMessageId,
    [property: Id(4)] long SentAtMs,
    [property: Id(5)] MessageBody? Body,
    [property: Id(6)] long EditedAtMs = 0,
    [property: Id(7)] bool Recalled = false);
