namespace OrleansIm.Gateway.RateLimiting;

/// <summary>One token bucket's shape: refills at <see cref="PerSecond"/>, holds at most <see cref="Burst"/> tokens.</summary>
public sealed class BucketLimit
{
    public BucketLimit()
    {
    }

    public BucketLimit(double perSecond, int burst)
    {
        PerSecond = perSecond;
        Burst = burst;
    }

    public double PerSecond { get; set; }

    public int Burst { get; set; }

    internal void Validate(string name, List<string> errors)
    {
        if (!(PerSecond > 0) || PerSecond > 1_000_000) errors.Add($"{name}:PerSecond must be in (0, 1000000].");
        if (Burst is < 1 or > 1_000_000) errors.Add($"{name}:Burst must be in 1..1000000.");
    }
}
