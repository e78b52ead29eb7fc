namespace OrleansIm.Gateway.Tests.Support;

/// <summary>A clock the test moves by hand, so expiry is tested without waiting for it.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
