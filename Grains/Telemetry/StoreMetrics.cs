using System.Diagnostics.Metrics;

namespace OrleansIm.Grains.Telemetry;

/// <summary>
/// The message store's group commit (meter "OrleansIm.Storage"), per backend: how many writes
/// each transaction carried and how long it took. Recorded once per batch, never per write.
/// </summary>
public static class StoreMetrics
{
    public const string MeterName = "OrleansIm.Storage";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram("orleansim.store.batch.size", "{write}",
        "Writes committed together in one group-commit transaction.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram("orleansim.store.commit.duration", "s",
        "Time of one group-commit transaction, from taking the batch to the commit (or its failure).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly KeyValuePair<string, object?> Committed = new("outcome", "committed");
    private static readonly KeyValuePair<string, object?> Failed = new("outcome", "failed");

    internal static void BatchSettled(KeyValuePair<string, object?> backend, int writes, TimeSpan duration, bool committed)
    {
        if (committed)
        {
            BatchSize.Record(writes, backend);
        }
        CommitDuration.Record(duration.TotalSeconds, backend, committed ? Committed : Failed);
    }
}
