namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>
/// The system clock moved forward by an amount a test controls. Only wall-clock time moves:
/// timestamps and timers keep the system's behaviour, so nothing in the silo stalls or races.
/// </summary>
public sealed class OffsetTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
