namespace OrleansIm.Gateway.Health;

/// <summary>How often readiness is pushed to gRPC health Watch callers; bound from "OrleansIm:Health" and validated at start-up.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "OrleansIm:Health";

    /// <summary>
    /// Interval of the background readiness run whose result Watch streams report (Check and
    /// /readyz always run the checks when asked). Each run costs one store read or one cluster call.
    /// </summary>
    public TimeSpan WatchPeriod { get; set; } = TimeSpan.FromSeconds(10);

    public void Validate()
    {
        // The health publisher refuses periods under one second.
        if (WatchPeriod < TimeSpan.FromSeconds(1) || WatchPeriod > TimeSpan.FromHours(1))
        {
            throw new InvalidOperationException($"Invalid {SectionName} settings: WatchPeriod must be between 00:00:01 and 01:00:00; got {WatchPeriod}.");
        }
    }
}
