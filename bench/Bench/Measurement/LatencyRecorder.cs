using System.Diagnostics;
using OrleansIm.Bench.Core;

namespace OrleansIm.Bench.Measurement;

/// <summary>Collects latencies from many threads; summarises them as percentiles.</summary>
public sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];

    public void RecordSince(long startTimestamp) => Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public void Record(double milliseconds)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(milliseconds);
        }
    }

    /// <summary>One recorder holding the samples of all the given ones (rounds of the same phase pooled).</summary>
    public static LatencyRecorder Pool(IEnumerable<LatencyRecorder> recorders)
    {
        var pooled = new LatencyRecorder();
        foreach (var recorder in recorders)
        {
            lock (recorder._milliseconds)
            {
                pooled._milliseconds.AddRange(recorder._milliseconds);
            }
        }
        return pooled;
    }

    public LatencySummary? Summarize()
    {
        double[] sorted;
        lock (_milliseconds)
        {
            sorted = [.. _milliseconds];
        }
        if (sorted.Length == 0)
        {
            return null;
        }
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, At(sorted, 0.50), At(sorted, 0.99), At(sorted, 0.999), sorted[^1]);
    }

    private static double At(double[] sorted, double quantile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
