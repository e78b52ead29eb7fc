namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>
/// Live room limits, bound from "OrleansIm:Rooms" by silos (the room grain) and gateways (the
/// viewer queues) alike, and validated at start-up. Defaults and the reasoning behind them:
/// docs/rooms.md.
/// </summary>
public sealed class LiveRoomOptions
{
    public const string SectionName = "OrleansIm:Rooms";

    /// <summary>The batching window: a room sends at most one call per gateway per window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Messages (system, gift, chat) kept for late joiners.</summary>
    public int RingSize { get; set; } = 50;

    /// <summary>Messages per second a room accepts by default (a room's owner may choose fewer).</summary>
    public int MessagesPerSecond { get; set; } = 1000;

    /// <summary>How much unused rate a room may save up for a burst: the token bucket holds MessagesPerSecond x this.</summary>
    public TimeSpan Burst { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Chat is shed while the bucket holds less than this fraction of its capacity.</summary>
    public double ChatFloor { get; set; } = 0.1;

    /// <summary>Likes are shed while the bucket holds less than this fraction; above ChatFloor, so likes go first.</summary>
    public double LikeFloor { get; set; } = 0.5;

    /// <summary>Largest message text, UTF-8 bytes.</summary>
    public int MaxTextBytes { get; set; } = 2048;

    /// <summary>Messages waiting for one viewer; beyond it the lowest class is shed, and a viewer full of unsheddable messages is closed.</summary>
    public int ViewerQueueCapacity { get; set; } = 1024;

    /// <summary>How long a closed viewer has to read its final frame before the call is cut.</summary>
    public TimeSpan ViewerCloseGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a gateway refreshes its subscriptions and viewer counts.</summary>
    public TimeSpan GatewayRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A gateway that has not refreshed for this long is forgotten by the room.</summary>
    public TimeSpan GatewayTtl { get; set; } = TimeSpan.FromSeconds(35);

    /// <summary>With more subscribed gateways than this, batches go through relay grains.</summary>
    public int RelayThreshold { get; set; } = 32;

    /// <summary>Most relay grains per room; each serves about gateways / relays gateways.</summary>
    public int MaxRelays { get; set; } = 16;

    /// <summary>How long a removed viewer stays out when the moderator names no duration.</summary>
    public TimeSpan DefaultRemoval { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxModerators { get; set; } = 50;

    public int MaxTitleLength { get; set; } = 128;

    /// <summary>Tokens the bucket holds when full.</summary>
    public double BucketCapacity(int messagesPerSecond) => Math.Max(1, messagesPerSecond * Burst.TotalSeconds);

    public void Validate()
    {
        var errors = new List<string>();
        if (Window < TimeSpan.FromMilliseconds(5) || Window > TimeSpan.FromSeconds(2)) errors.Add("Window must be in 00:00:00.005..00:00:02.");
        if (RingSize is < 0 or > 10_000) errors.Add("RingSize must be in 0..10000.");
        if (MessagesPerSecond is < 1 or > 1_000_000) errors.Add("MessagesPerSecond must be in 1..1000000.");
        if (Burst < TimeSpan.FromMilliseconds(100) || Burst > TimeSpan.FromMinutes(1)) errors.Add("Burst must be in 00:00:00.1..00:01:00.");
        if (ChatFloor is < 0 or >= 1) errors.Add("ChatFloor must be in [0, 1).");
        if (LikeFloor < ChatFloor || LikeFloor >= 1) errors.Add("LikeFloor must be in [ChatFloor, 1).");
        if (MaxTextBytes is < 1 or > 64 * 1024) errors.Add("MaxTextBytes must be in 1..65536.");
        if (ViewerQueueCapacity is < 8 or > 1_000_000) errors.Add("ViewerQueueCapacity must be in 8..1000000.");
        if (ViewerCloseGrace < TimeSpan.Zero || ViewerCloseGrace > TimeSpan.FromMinutes(1)) errors.Add("ViewerCloseGrace must be in 0..00:01:00.");
        if (GatewayRefreshInterval < TimeSpan.FromMilliseconds(100)) errors.Add("GatewayRefreshInterval must be at least 100 ms.");
        if (GatewayTtl < GatewayRefreshInterval * 2) errors.Add("GatewayTtl must be at least twice GatewayRefreshInterval.");
        if (RelayThreshold is < 1 or > 100_000) errors.Add("RelayThreshold must be in 1..100000.");
        if (MaxRelays is < 1 or > 1024) errors.Add("MaxRelays must be in 1..1024.");
        if (DefaultRemoval < TimeSpan.FromSeconds(1) || DefaultRemoval > MaxSanction) errors.Add("DefaultRemoval must be in 00:00:01..7.00:00:00.");
        if (MaxModerators is < 0 or > 1000) errors.Add("MaxModerators must be in 0..1000.");
        if (MaxTitleLength is < 1 or > 1024) errors.Add("MaxTitleLength must be in 1..1024.");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid {SectionName} settings: {string.Join(" ", errors)}");
        }
    }

    /// <summary>Longest mute or removal a moderator may impose.</summary>
    public static readonly TimeSpan MaxSanction = TimeSpan.FromDays(7);
}
