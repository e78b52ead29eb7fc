namespace OrleansIm.Grains.Users;

/// <summary>
/// A snapshot of what the user's sync log says, up to <see cref="SnapshotSyncSeq"/>. The log in
/// the message store is the truth; on activation the events after the snapshot are replayed,
/// so snapshots can be taken lazily.
/// </summary>
[GenerateSerializer, Alias("OrleansIm.UserState")]
public sealed class UserState
{
    [Id(0)] public long SnapshotSyncSeq { get; set; }
    [Id(1)] public Dictionary<string, ConversationEntry> Conversations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The highest sync seq each device acknowledged; saved with snapshots, so it may lag after a crash.</summary>
    [Id(2)] public Dictionary<string, long> DeviceCursors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Read positions and mentions in large groups (read diffusion: no per-message entry).</summary>
    [Id(3)] public Dictionary<string, LargeGroupMark> LargeGroups { get; set; } = new(StringComparer.Ordinal);
}
