using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Messages;

/// <summary>The acknowledgement of a durable send. <see cref="Duplicate"/> marks the answer to a retry.</summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.SendOutcome")]
public sealed record SendOutcome(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] long Seq,
    [property: Id(2)] long SentAtMs,
    [property: Id(3)] string ClientMessageId,
    [property: Id(4)] bool Duplicate);
