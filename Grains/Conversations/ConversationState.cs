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
    /// <summary>Members of a small group. A large group keeps them as rows in the message store (group_member) and this stays empty.</summary>
    [Id(4)] public Dictionary<string, MemberState> Members { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Read diffusion (docs/large-groups.md); set once the group outgrows LargeGroupThreshold, never unset.</summary>
    [Id(5)] public bool Large { get; set; }

    /// <summary>Only admins and the owner may send.</summary>
    [Id(6)] public bool MuteAll { get; set; }

    /// <summary>New members may read history from before they joined.</summary>
    [Id(7)] public bool HistoryForNewMembers { get; set; }

    /// <summary>Pending join requests by user id; bounded by MaxPendingJoinRequests.</summary>
    [Id(8)] public Dictionary<string, JoinRequestInfo> JoinRequests { get; set; } = new(StringComparer.Ordinal);
}
