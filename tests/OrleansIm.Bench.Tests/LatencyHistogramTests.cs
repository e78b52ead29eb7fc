using System.Diagnostics;
using OrleansIm.Bench.Measurement;

namespace OrleansIm.Bench.Tests;

/// <summary>The histogram's percentiles must stay within its stated precision (1/64) of the exact ones.</summary>
public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_one_sixty_fourth_of_the_exact_values()
    {
        var histogram = new LatencyHistogram();
        var random = new Random(42);
        var samples = Enumerable.Range(0, 50_000).Select(_ => (long)(Math.Exp(random.NextDouble() * 13) + 1)).ToArray();
        foreach (var microseconds in samples)
        {
            histogram.RecordSince(0, microseconds * Stopwatch.Frequency / 1_000_000);
        }
        Array.Sort(samples);

        var summary = histogram.Summarize()!;

        Assert.Equal(samples.Length, summary.Count);
        AssertClose(Exact(samples, 0.50), summary.P50Ms);
        AssertClose(Exact(samples, 0.99), summary.P99Ms);
        AssertClose(Exact(samples, 0.999), summary.P999Ms);
        AssertClose(samples[^1] / 1000.0, summary.MaxMs);
    }

    [Fact]
    public void Pooling_adds_the_samples_of_every_round()
    {
        var first = new LatencyHistogram();
        var second = new LatencyHistogram();
        first.RecordSince(0, 1 * Stopwatch.Frequency / 1000);
        second.RecordSince(0, 100 * Stopwatch.Frequency / 1000);
        second.RecordSince(0, 100 * Stopwatch.Frequency / 1000);

        var pooled = LatencyHistogram.Pool([first, second]).Summarize()!;

        Assert.Equal(3, pooled.Count);
        AssertClose(100, pooled.P50Ms);
        AssertClose(100, pooled.MaxMs);
    }

    [Fact]
    public void An_empty_histogram_has_no_summary() => Assert.Null(new LatencyHistogram().Summarize());

    private static double Exact(long[] sorted, double quantile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)] / 1000.0;

    private static void AssertClose(double expected, double actual) =>
        Assert.InRange(actual, expected * (1 - 1.0 / 64) - 0.001, expected * (1 + 1.0 / 64) + 0.001);
}
