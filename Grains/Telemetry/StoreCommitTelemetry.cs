using System.Diagnostics;
using OrleansIm.Grains.Storage;

namespace OrleansIm.Grains.Telemetry;

/// <summary>
/// Times and traces the batches of one group-commit writer. The writer runs one batch at a
/// time, between <see cref="BatchTaken"/> and <see cref="BatchSettled"/>, so one field each
/// holds the batch in progress.
/// </summary>
internal sealed class StoreCommitTelemetry(string backend)
{
    private readonly KeyValuePair<string, object?> _backend = new("backend", backend);
    private long _started;
    private Activity? _span;

    public void BatchTaken(List<QueuedWrite> batch)
    {
        _started = Stopwatch.GetTimestamp();
        _span = StoreTracing.StartCommit(batch, backend);
    }

    public void BatchSettled(int writes, Exception? failure)
    {
        StoreMetrics.BatchSettled(_backend, writes, Stopwatch.GetElapsedTime(_started), failure is null);
        if (_span is { } span)
        {
            _span = null;
            if (failure is not null)
            {
                span.SetStatus(ActivityStatusCode.Error, failure.Message);
            }
            span.Dispose();
        }
    }
}
