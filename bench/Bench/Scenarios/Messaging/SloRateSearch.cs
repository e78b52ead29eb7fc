namespace OrleansIm.Bench.Scenarios.Messaging;

/// <summary>
/// Searches for the highest open-loop send rate a target carries within a latency target
/// (its capacity at that target), by bisection between the highest rate seen to pass and the
/// lowest seen to fail. The closed-loop maximum counts as failing: it is measured with full
/// queues. Until something passes, the search halves downwards from the lowest failure.
/// Results on these machines are noisy, so a pass above a failure is kept as it is: the search
/// then stops instead of chasing the noise.
/// </summary>
public sealed class SloRateSearch
{
    /// <summary>The search stops once the bracket is narrower than this share of the maximum.</summary>
    public const double Resolution = 0.05;

    /// <summary>Below this share of the maximum the search gives up looking for a passing rate.</summary>
    public const double Floor = 1.0 / 64;

    private readonly double _maxRate;

    /// <param name="maxRate">The closed-loop maximum, in sends per second.</param>
    public SloRateSearch(double maxRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRate);
        _maxRate = maxRate;
        LowestFailing = maxRate;
    }

    /// <summary>The highest rate seen to meet the target; 0 while none has.</summary>
    public double HighestPassing { get; private set; }

    /// <summary>The lowest rate seen to miss the target (the maximum until a probe misses lower).</summary>
    public double LowestFailing { get; private set; }

    /// <summary>Records a phase run at <paramref name="rate"/> sends per second and whether it met the target.</summary>
    public void Record(double rate, bool passed)
    {
        if (passed)
        {
            HighestPassing = Math.Max(HighestPassing, rate);
        }
        else
        {
            LowestFailing = Math.Min(LowestFailing, rate);
        }
    }

    /// <summary>The next rate to probe, or null when the search is done.</summary>
    public double? Next()
    {
        if (HighestPassing == 0)
        {
            var lower = LowestFailing / 2;
            return lower >= _maxRate * Floor ? lower : null;
        }
        if (LowestFailing - HighestPassing <= _maxRate * Resolution)
        {
            return null;
        }
        return (HighestPassing + LowestFailing) / 2;
    }
}
