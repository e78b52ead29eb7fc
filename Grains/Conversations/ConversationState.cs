using OrleansIm.Grains.Interfaces.Conversations;

namespace OrleansIm.Grains.Conversations;

/// <summary>
/// The persisted part of a conversation: membership and name. Messages, the seq counter and
/// the fan-out watermark live in the message store and are read back on activation.
/// </summary>
[GenerateSerializer, Alias("OrleansIm.ConversationState")]
public sealed class ConversationState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public ConversationKind Kind { get; set; }
    [Id(2)] public string Name { get; set; } = "";
    [Id(3)] public long CreatedAtMs { get; set; }
    [Id(4)] public Dictionary<string, MemberState> Members { get; set; } = new(StringComparer.Ordinal);
}
