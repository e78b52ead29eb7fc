namespace OrleansIm.Bench.References;

/// <summary>
/// What one nats-server fan-out run measured. Offered counts messages published; delivered
/// counts deliveries (messages × subscribers of their subject) received within the measured
/// window. Latencies are publish → receive, over every measured delivery.
/// </summary>
/// <param name="ServerCpuSeconds">The server's CPU in the measured part and its drain, when <see cref="NatsFanOutSettings.ServerCpu"/> was given.</param>
public sealed record NatsFanOutResult(
    double Seconds,
    double OfferedPerSecond,
    double DeliveredPerSecond,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    long Published,
    long Delivered,
    long Missing,
    double? ServerCpuSeconds = null);
