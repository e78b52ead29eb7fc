namespace OrleansIm.Gateway.Options;

/// <summary>Connection handling at the gateway; bound from "OrleansIm:Gateway" and validated at start-up.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "OrleansIm:Gateway";

    /// <summary>How often clients are asked to ping (advertised in Welcome). Below a second only for tests.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Heartbeats in a row a stream may miss: a stream silent for this many intervals
    /// (<see cref="HeartbeatTimeout"/>) is closed and its device marked offline.
    /// </summary>
    public int MissedHeartbeatsBeforeClose { get; set; } = 3;

    /// <summary>The silence after which a stream is closed; advertised in Welcome as idle_timeout_ms.</summary>
    public TimeSpan HeartbeatTimeout => HeartbeatInterval * MissedHeartbeatsBeforeClose;

    /// <summary>Kestrel sends an HTTP/2 PING after a connection has been silent this long.</summary>
    public TimeSpan Http2KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection whose PING is not answered within this is closed, with every stream on it.</summary>
    public TimeSpan Http2KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Frames waiting to be written to one client; beyond it pushes are dropped and the client told to resync.</summary>
    public int OutboundQueueCapacity { get; set; } = 1024;

    /// <summary>
    /// Serialized bytes one stream's outbound queue may hold (frames count until written); a push
    /// past it is dropped and the client told to resync, as when the queue is full. One frame is
    /// always let into an empty queue. Caps a stream that reads nothing at this, not at its frame
    /// capacity times the largest message.
    /// </summary>
    public long OutboundQueueMaxBytes { get; set; } = Streaming.OutboundStream.DefaultMaxQueuedBytes;

    /// <summary>
    /// A stream whose queue stays full this long, or overflows again within this long after it
    /// was told to resync, is cut (RESOURCE_EXHAUSTED): a reader that slow cannot keep up anyway.
    /// Zero never cuts (the client is only told to resync).
    /// </summary>
    public TimeSpan SlowConsumerWindow { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The window as the outbound queue takes it: infinite when cutting is off.</summary>
    public TimeSpan EffectiveSlowConsumerWindow => SlowConsumerWindow == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : SlowConsumerWindow;

    /// <summary>Connect streams this gateway holds at most; one more is refused with RESOURCE_EXHAUSTED.</summary>
    public int MaxStreams { get; set; } = 100_000;

    /// <summary>Devices (streams) one user may have connected to this gateway at once; reconnecting a connected device does not count twice.</summary>
    public int MaxStreamsPerUser { get; set; } = 10;

    /// <summary>Sends one stream may have waiting for their ack; the stream stops reading until one completes.</summary>
    public int MaxInFlightSendsPerConnection { get; set; } = 256;

    /// <summary>
    /// A stream's cursor acks reach its user grain at most this often: acks within the interval
    /// are merged into one (the highest cursor), which goes when it ends or the stream ends.
    /// 0 passes every ack on.
    /// </summary>
    public TimeSpan CursorAckForwardInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the gateway re-registers its streams with their user grains (must be well below the grains' registration TTL).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often the gateway looks for Connect streams and room watches whose bearer token has
    /// expired (past the token's <c>exp</c> plus <c>OrleansIm:Auth:ClockSkew</c>, when a new call
    /// with it would be refused) and ends them (GoAway; RoomClosed TOKEN_EXPIRED), so a stream
    /// does not outlive the credential it was opened with. A stream ends at most this long after
    /// its token stops being accepted.
    /// </summary>
    public TimeSpan TokenExpiryCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long clients are told to wait before reconnecting when the gateway drains.</summary>
    public TimeSpan DrainReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a large group's newest hint window is kept here to answer its members' pulls
    /// (docs/large-groups.md); they pull within moments of the hint. Zero sends every pull to the
    /// conversation.
    /// </summary>
    public TimeSpan LargeGroupWindowLifetime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Over how long a large group's hint is passed to this gateway's members, each in a fixed
    /// 10 ms slot (docs/large-groups.md), so their pulls do not all arrive in the same moment.
    /// Adds up to this much to a large-group message's delivery; zero tells everyone at once.
    /// </summary>
    public TimeSpan LargeGroupHintSpread { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a stopping process (SIGTERM) waits for drained streams and in-flight calls to
    /// finish before it exits anyway; the host's shutdown timeout. Keep Kubernetes'
    /// terminationGracePeriodSeconds above it.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest gRPC frame accepted from a client.</summary>
    public int MaxReceiveMessageBytes { get; set; } = 256 * 1024;

    public void Validate()
    {
        var errors = new List<string>();
        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100) || HeartbeatInterval > TimeSpan.FromHours(1)) errors.Add("HeartbeatInterval must be in 100 ms..1 hour.");
        if (MissedHeartbeatsBeforeClose is < 2 or > 100) errors.Add("MissedHeartbeatsBeforeClose must be in 2..100 (one late ping must not cut a healthy client).");
        if (Http2KeepAlivePingDelay < TimeSpan.FromSeconds(1)) errors.Add("Http2KeepAlivePingDelay must be at least 1 second.");
        if (Http2KeepAlivePingTimeout < TimeSpan.FromSeconds(1)) errors.Add("Http2KeepAlivePingTimeout must be at least 1 second.");
        if (OutboundQueueCapacity is < 16 or > 1_000_000) errors.Add("OutboundQueueCapacity must be in 16..1000000.");
        if (OutboundQueueMaxBytes is < 64 * 1024 or > 1024L * 1024 * 1024) errors.Add("OutboundQueueMaxBytes must be in 65536..1073741824 (64 KiB..1 GiB).");
        if (SlowConsumerWindow != TimeSpan.Zero && SlowConsumerWindow < TimeSpan.FromMilliseconds(100)) errors.Add("SlowConsumerWindow must be 0 (never cut) or at least 100 ms.");
        if (MaxStreams < 1) errors.Add("MaxStreams must be at least 1.");
        if (MaxStreamsPerUser < 1) errors.Add("MaxStreamsPerUser must be at least 1.");
        if (MaxInFlightSendsPerConnection is < 1 or > 100_000) errors.Add("MaxInFlightSendsPerConnection must be in 1..100000.");
        if (CursorAckForwardInterval < TimeSpan.Zero || CursorAckForwardInterval > TimeSpan.FromMinutes(1)) errors.Add("CursorAckForwardInterval must be in 0..1 minute (a user grain's idea of a device's cursor lags by up to that much).");
        if (RefreshInterval < TimeSpan.FromSeconds(1)) errors.Add("RefreshInterval must be at least 1 second.");
        if (TokenExpiryCheckInterval < TimeSpan.FromMilliseconds(100) || TokenExpiryCheckInterval > TimeSpan.FromMinutes(1)) errors.Add("TokenExpiryCheckInterval must be in 100 ms..1 minute (a stream may outlive its token by that much).");
        if (DrainReconnectDelay < TimeSpan.Zero) errors.Add("DrainReconnectDelay must not be negative.");
        if (LargeGroupWindowLifetime < TimeSpan.Zero || LargeGroupWindowLifetime > TimeSpan.FromMinutes(1)) errors.Add("LargeGroupWindowLifetime must be in 0..1 minute (a window older than that is stale for its readers).");
        if (LargeGroupHintSpread < TimeSpan.Zero || LargeGroupHintSpread > TimeSpan.FromSeconds(1)) errors.Add("LargeGroupHintSpread must be in 0..1 second (it delays every large-group delivery by up to that much).");
        if (DrainTimeout < TimeSpan.FromSeconds(1)) errors.Add("DrainTimeout must be at least 1 second.");
        if (MaxReceiveMessageBytes is < 1024 or > 64 * 1024 * 1024) errors.Add("MaxReceiveMessageBytes must be in 1024..67108864.");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid {SectionName} settings: {string.Join(" ", errors)}");
        }
    }
}
