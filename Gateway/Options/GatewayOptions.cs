namespace OrleansIm.Gateway.Options;

/// <summary>Connection handling at the gateway; bound from "OrleansIm:Gateway" and validated at start-up.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "OrleansIm:Gateway";

    /// <summary>How often clients are asked to ping (advertised in Welcome).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A stream silent for this long is closed and its device marked offline.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Frames waiting to be written to one client; beyond it pushes are dropped and the client told to resync.</summary>
    public int OutboundQueueCapacity { get; set; } = 1024;

    /// <summary>Sends one stream may have waiting for their ack; the stream stops reading until one completes.</summary>
    public int MaxInFlightSendsPerConnection { get; set; } = 256;

    /// <summary>How often the gateway re-registers its streams with their user grains (must be well below the grains' registration TTL).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long clients are told to wait before reconnecting when the gateway drains.</summary>
    public TimeSpan DrainReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

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
        if (HeartbeatInterval < TimeSpan.FromSeconds(1)) errors.Add("HeartbeatInterval must be at least 1 second.");
        if (IdleTimeout < HeartbeatInterval * 2) errors.Add("IdleTimeout must be at least twice HeartbeatInterval.");
        if (OutboundQueueCapacity is < 16 or > 1_000_000) errors.Add("OutboundQueueCapacity must be in 16..1000000.");
        if (MaxInFlightSendsPerConnection is < 1 or > 100_000) errors.Add("MaxInFlightSendsPerConnection must be in 1..100000.");
        if (RefreshInterval < TimeSpan.FromSeconds(1)) errors.Add("RefreshInterval must be at least 1 second.");
        if (DrainReconnectDelay < TimeSpan.Zero) errors.Add("DrainReconnectDelay must not be negative.");
        if (DrainTimeout < TimeSpan.FromSeconds(1)) errors.Add("DrainTimeout must be at least 1 second.");
        if (MaxReceiveMessageBytes is < 1024 or > 64 * 1024 * 1024) errors.Add("MaxReceiveMessageBytes must be in 1024..67108864.");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid {SectionName} settings: {string.Join(" ", errors)}");
        }
    }
}
