using System.Diagnostics;
using System.Numerics;
using OrleansIm.Bench.Core;

namespace OrleansIm.Bench.Measurement;

/// <summary>
/// Latencies in microseconds, counted in log-linear buckets (64 per power of two, so a
/// percentile is off by at most 1/64, about 1.6%). Fixed size whatever the count: a fan-out
/// run records millions of deliveries, too many to keep one by one, and recording allocates
/// nothing, so the load generator's own garbage collections (which delay what it measures) do
/// not grow with the samples. Thread-safe.
/// </summary>
public sealed class LatencyHistogram
{
    private const int Exact = 128;
    private const int SubBuckets = 64;
    private const int Octaves = 40;

    private readonly long[] _counts = new long[Exact + Octaves * SubBuckets];
    private long _maxMicroseconds;
    private long _count;

    /// <summary>How many samples were recorded.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void RecordSince(long startTimestamp) => RecordSince(startTimestamp, Stopwatch.GetTimestamp());

    public void RecordSince(long startTimestamp, long nowTimestamp)
    {
        var microseconds = Math.Max(0, (nowTimestamp - startTimestamp) * 1_000_000 / Stopwatch.Frequency);
        Interlocked.Increment(ref _counts[IndexOf(microseconds)]);
        Interlocked.Increment(ref _count);
        var max = Volatile.Read(ref _maxMicroseconds);
        while (microseconds > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicroseconds, microseconds, max);
            if (seen == max)
            {
                break;
            }
            max = seen;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            Interlocked.Add(ref _counts[i], Volatile.Read(ref other._counts[i]));
        }
        Interlocked.Add(ref _count, other.Count);
        var otherMax = Volatile.Read(ref other._maxMicroseconds);
        if (otherMax > Volatile.Read(ref _maxMicroseconds))
        {
            Volatile.Write(ref _maxMicroseconds, otherMax);
        }
    }

    /// <summary>One histogram holding the samples of all the given ones (rounds of the same phase pooled).</summary>
    public static LatencyHistogram Pool(IEnumerable<LatencyHistogram> histograms)
    {
        var pooled = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            pooled.Add(histogram);
        }
        return pooled;
    }

    public double MaxMilliseconds => Volatile.Read(ref _maxMicroseconds) / 1000.0;

    /// <summary>p50, p99, p999 and max; null when nothing was recorded.</summary>
    public LatencySummary? Summarize() =>
        Count == 0 ? null : new LatencySummary(Count, PercentileMilliseconds(0.50), PercentileMilliseconds(0.99), PercentileMilliseconds(0.999), MaxMilliseconds);

    /// <summary>The latency that <paramref name="quantile"/> of the samples do not exceed (bucket upper bound, capped at the max); 0 when empty.</summary>
    public double PercentileMilliseconds(double quantile)
    {
        // A copy, so that deliveries still arriving (a drain that timed out) cannot move the counts under the sum.
        var counts = (long[])_counts.Clone();
        var total = counts.Sum();
        if (total == 0)
        {
            return 0;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBoundOf(i), Volatile.Read(ref _maxMicroseconds)) / 1000.0;
            }
        }
        return MaxMilliseconds;
    }

    // Values below 128 µs have a bucket each; above, each power of two [2^k, 2^(k+1)) is split
    // into 64 buckets by the 6 bits after the leading one.
    private static int IndexOf(long microseconds)
    {
        if (microseconds < Exact)
        {
            return (int)microseconds;
        }
        var shift = BitOperations.Log2((ulong)microseconds) - 6;
        var index = Exact + (shift - 1) * SubBuckets + (int)((microseconds >> shift) - SubBuckets);
        return Math.Min(index, Exact + Octaves * SubBuckets - 1);
    }

    private static long UpperBoundOf(int index)
    {
        if (index < Exact)
        {
            return index;
        }
        var shift = (index - Exact) / SubBuckets + 1;
        var leading = (index - Exact) % SubBuckets + SubBuckets;
        return ((leading + 1L) << shift) - 1;
    }
}
