namespace OrleansIm.Grains.Options;

/// <summary>Limits and windows of the messaging model; bound from "OrleansIm:Messaging" and validated at start-up.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "OrleansIm:Messaging";

    /// <summary>Largest text (UTF-8 bytes) or custom payload a message may carry.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long after sending a sender may recall a message.</summary>
    public TimeSpan RecallWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long after sending a sender may edit a message.</summary>
    public TimeSpan EditWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Most members a group may have.</summary>
    public int MaxGroupMembers { get; set; } = 100_000;

    /// <summary>
    /// A group with more members than this is a large group: read diffusion (each message stored
    /// once, members pull by conversation seq, online members get merged hints). A group never
    /// switches back. Groups up to it are write diffusion (every member's sync log gets each message).
    /// </summary>
    public int LargeGroupThreshold { get; set; } = 500;

    /// <summary>A large group sends each online member at most one "advanced" hint per window.</summary>
    public TimeSpan HintWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Newest messages a large group keeps in memory to answer its members' pulls after a hint
    /// (0 turns it off: every pull reads the store). Bounded as well by <see cref="LargeGroupRecentBytes"/>.
    /// </summary>
    public int LargeGroupRecentMessages { get; set; } = 256;

    /// <summary>Approximate memory bound of those messages per large group (bodies counted at their size).</summary>
    public long LargeGroupRecentBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most members one message may @mention (each mention is one user-grain call).</summary>
    public int MaxMentionsPerMessage { get; set; } = 20;

    /// <summary>Most users one CreateGroup or AddMembers call may add: bigger groups are built in pages.</summary>
    public int MaxMembersPerCall { get; set; } = 1000;

    /// <summary>Most join requests a group keeps waiting for a decision.</summary>
    public int MaxPendingJoinRequests { get; set; } = 1000;

    public int MaxGroupNameLength { get; set; } = 128;

    /// <summary>Largest page of history or sync a caller may ask for.</summary>
    public int MaxPageSize { get; set; } = 200;

    /// <summary>Page size used when a caller asks for 0.</summary>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>
    /// How many recent sends per conversation are remembered for deduplication of retries
    /// (sender, client message id). A retry older than that many later messages is stored anew.
    /// </summary>
    public int DedupWindow { get; set; } = 10_000;

    /// <summary>
    /// How long a conversation waits before recording how far its fan-out got. The mark only
    /// decides where a restarted node resumes delivery (user grains drop what they already have),
    /// so one write per conversation per interval replaces one per delivered batch; a crash then
    /// redelivers at most this much.
    /// </summary>
    public TimeSpan DeliveryMarkInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Sync events a user grain applies between two snapshots of its state.</summary>
    public int UserSnapshotEvery { get; set; } = 1024;

    /// <summary>A device registration a gateway has not refreshed for this long is dropped (the gateway died).</summary>
    public TimeSpan DeviceRegistrationTtl { get; set; } = TimeSpan.FromMinutes(3);

    public void Validate()
    {
        var errors = new List<string>();
        if (MaxBodyBytes is < 1 or > 4 * 1024 * 1024) errors.Add("MaxBodyBytes must be in 1..4194304.");
        if (RecallWindow < TimeSpan.Zero) errors.Add("RecallWindow must not be negative.");
        if (EditWindow < TimeSpan.Zero) errors.Add("EditWindow must not be negative.");
        if (MaxGroupMembers is < 2 or > 100_000) errors.Add("MaxGroupMembers must be in 2..100000.");
        if (LargeGroupThreshold < 2 || LargeGroupThreshold > MaxGroupMembers) errors.Add("LargeGroupThreshold must be in 2..MaxGroupMembers.");
        if (HintWindow < TimeSpan.FromMilliseconds(10) || HintWindow > TimeSpan.FromHours(1)) errors.Add("HintWindow must be between 10 ms and 1 hour.");
        if (LargeGroupRecentMessages is < 0 or > 100_000) errors.Add("LargeGroupRecentMessages must be in 0..100000.");
        if (LargeGroupRecentBytes is < 0 or > 1024L * 1024 * 1024) errors.Add("LargeGroupRecentBytes must be in 0..1073741824.");
        if (MaxMentionsPerMessage is < 0 or > 1000) errors.Add("MaxMentionsPerMessage must be in 0..1000.");
        if (MaxMembersPerCall is < 1 or > 10_000) errors.Add("MaxMembersPerCall must be in 1..10000.");
        if (MaxPendingJoinRequests is < 0 or > 100_000) errors.Add("MaxPendingJoinRequests must be in 0..100000.");
        if (MaxGroupNameLength is < 1 or > 1024) errors.Add("MaxGroupNameLength must be in 1..1024.");
        if (MaxPageSize is < 1 or > 10_000) errors.Add("MaxPageSize must be in 1..10000.");
        if (DefaultPageSize < 1 || DefaultPageSize > MaxPageSize) errors.Add("DefaultPageSize must be in 1..MaxPageSize.");
        if (DedupWindow is < 1 or > 1_000_000) errors.Add("DedupWindow must be in 1..1000000.");
        if (DeliveryMarkInterval < TimeSpan.Zero || DeliveryMarkInterval > TimeSpan.FromMinutes(10)) errors.Add("DeliveryMarkInterval must be between 0 and 10 minutes.");
        if (UserSnapshotEvery is < 1 or > 100_000) errors.Add("UserSnapshotEvery must be in 1..100000.");
        if (DeviceRegistrationTtl < TimeSpan.FromSeconds(10)) errors.Add("DeviceRegistrationTtl must be at least 10 seconds.");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid {SectionName} settings: {string.Join(" ", errors)}");
        }
    }

    /// <summary>Turns a caller's page size (0 = default) into a checked one.</summary>
    public int ResolvePageSize(int requested, string field = "limit")
    {
        if (requested == 0)
        {
            return DefaultPageSize;
        }
        if (requested < 0 || requested > MaxPageSize)
        {
            throw Interfaces.Errors.ImException.InvalidArgument($"{field} must be between 1 and {MaxPageSize} (0 for the default of {DefaultPageSize}); got {requested}.");
        }
        return requested;
    }
}
