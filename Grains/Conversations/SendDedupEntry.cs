using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Conversations;

/// <summary>One send in the dedup window: its task while in flight, its seq and time once durable.</summary>
internal readonly record struct SendDedupEntry(Task<SendOutcome>? InFlight, long Seq, long SentAtMs, long Stamp);
