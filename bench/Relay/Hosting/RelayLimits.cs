namespace OrleansIm.Bench.Relay.Hosting;

/// <summary>
/// The node's defaults (GatewayOptions, AdvertisedLimits), fixed here: the relay must advertise
/// and enforce what the node does, or the comparison would not be like for like.
/// </summary>
internal static class RelayLimits
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);

    /// <summary>GoAway's reconnect delay for a stream replaced by a newer one of its device (the gateway's DrainReconnectDelay).</summary>
    public static readonly TimeSpan ReplacedReconnectDelay = TimeSpan.FromSeconds(1);

    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxPageSize = 200;
    public const int OutboundQueueCapacity = 1024;
    public const int MaxReceiveMessageBytes = 256 * 1024;

    /// <summary>
    /// Acks remembered for retried sends. The SDK resends within seconds of a reconnect; at the
    /// relay's peak rate this keeps about a second of sends, a few MB.
    /// </summary>
    public const int RememberedSends = 65_536;
}
