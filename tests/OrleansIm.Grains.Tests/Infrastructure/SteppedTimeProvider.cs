namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>
/// The system clock, timestamps included, moved forward by steps a test takes: what measures
/// elapsed time with timestamps (a circuit breaker's break) sees the step, so a test can end a
/// break at once instead of waiting it out.
/// </summary>
public sealed class SteppedTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() =>
        base.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (double)TimestampFrequency / TimeSpan.TicksPerSecond);

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
