using OrleansIm.Grains.Interfaces.Conversations;

namespace OrleansIm.Grains.Conversations;

/// <summary>
/// The persisted part of a conversation. Messages and the seq counter live in the message
/// store (the seq is recovered from it on activation); this holds membership and the fan-out
/// watermark, which may lag: redelivery is idempotent.
/// </summary>
[GenerateSerializer, Alias("OrleansIm.ConversationState")]
public sealed class ConversationState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public ConversationKind Kind { get; set; }
    [Id(2)] public string Name { get; set; } = "";
    [Id(3)] public long CreatedAtMs { get; set; }
    [Id(4)] public Dictionary<string, MemberState> Members { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every message up to this seq has reached each recipient's user grain.</summary>
    [Id(5)] public long DeliveredSeq { get; set; }
}
