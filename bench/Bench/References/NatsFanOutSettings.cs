namespace OrleansIm.Bench.References;

/// <summary>
/// One nats-server fan-out run: <see cref="Groups"/> subjects with <see cref="MembersPerGroup"/>
/// subscribers each, spread over <see cref="Connections"/> client connections the way the
/// harness spreads its simulated users (subscriber i on connection i mod N).
/// </summary>
public sealed record NatsFanOutSettings
{
    public required string Url { get; init; }

    public int Groups { get; init; } = 200;

    public int MembersPerGroup { get; init; } = 20;

    /// <summary>Client connections the subscribers share; 0 = one per subscriber.</summary>
    public int Connections { get; init; } = 100;

    /// <summary>Messages published per second in total (open loop); 0 = as fast as <see cref="MaxDeliveriesInFlight"/> allows (closed loop).</summary>
    public double MessagesPerSecond { get; init; }

    /// <summary>
    /// Closed loop only: deliveries published but not yet received, at most. Counted in
    /// deliveries rather than messages so the window means the same for 20 members and 2,000.
    /// Deep enough to reach the maximum (measured here: 10,000 gave ~70% of it, 50,000 and
    /// more the same plateau), so closed-loop latency is queueing: read latency from an open loop.
    /// </summary>
    public int MaxDeliveriesInFlight { get; init; } = 50_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Published and delivered like the measured part, but not counted (JIT, connection buffers).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The server's CPU time so far, when the caller can read it (it started the server): the
    /// result then carries the measured part's CPU, from its first publish to its drain, without the warm-up.
    /// </summary>
    public Func<TimeSpan>? ServerCpu { get; init; }

    /// <summary>How long to wait after publishing for the last deliveries; what has not arrived by then is missing.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes per message; the first <see cref="FanOutPayload.HeaderBytes"/> carry the send time and phase.</summary>
    public int PayloadBytes { get; init; } = 64;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Url)) throw new ArgumentException("Url is required.");
        if (Groups < 1 || MembersPerGroup < 1) throw new ArgumentException("Groups and MembersPerGroup must be at least 1.");
        if (Connections < 0) throw new ArgumentException("Connections must not be negative.");
        if (MessagesPerSecond < 0 || double.IsNaN(MessagesPerSecond)) throw new ArgumentException("MessagesPerSecond must be 0 (as fast as possible) or positive.");
        if (MaxDeliveriesInFlight < 1) throw new ArgumentException("MaxDeliveriesInFlight must be at least 1.");
        if (Duration <= TimeSpan.Zero || Warmup < TimeSpan.Zero || DrainTimeout < TimeSpan.Zero) throw new ArgumentException("Duration must be positive; Warmup and DrainTimeout not negative.");
        if (PayloadBytes < FanOutPayload.HeaderBytes) throw new ArgumentException($"PayloadBytes must be at least {FanOutPayload.HeaderBytes}.");
    }
}
