namespace OrleansIm.Client.Connection;

/// <summary>
/// Exponential delay between reconnect attempts: initial × 2^attempt, capped at max, then
/// reduced by a random share of up to <c>jitter</c> so that clients dropped together spread out.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly double _jitter;
    private readonly Func<double> _random;

    /// <param name="random">Returns a value in [0, 1); injectable so tests can pin the extremes.</param>
    public ReconnectBackoff(TimeSpan initial, TimeSpan max, double jitter, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jitter, 1);
        _initial = initial;
        _max = max;
        _jitter = jitter;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The delay before attempt <paramref name="attempt"/> (0 for the first retry).</summary>
    public TimeSpan DelayFor(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);

        // Doubling past 2^30 overflows long before it matters: the cap has long been reached.
        var factor = Math.Pow(2, Math.Min(attempt, 30));
        var ceiling = Math.Min(_initial.Ticks * factor, _max.Ticks);
        var reduced = ceiling * (1 - (_jitter * Math.Clamp(_random(), 0, 1)));
        return TimeSpan.FromTicks((long)Math.Round(reduced));
    }
}
