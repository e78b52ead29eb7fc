using System.Threading.Channels;
using OrleansIm.Grains.Storage.Resilience;
using OrleansIm.Grains.Telemetry;

namespace OrleansIm.Grains.Storage;

/// <summary>
/// The queue in front of a group-commit writer: callers add writes, the writer takes everything
/// queued (up to the batch limit) as its next batch and settles the whole batch at once, in queue
/// order, after its transaction committed or failed. While a batch commits, new writes queue up
/// and become the next batch, so batches grow by themselves with load and a lone write is not
/// delayed by any timer. A <see cref="StoreCircuitBreaker"/> watches the batches' outcomes and,
/// while the store keeps failing, refuses writes here instead of letting each wait for the
/// store's timeouts.
/// </summary>
internal sealed class WriteQueue(int maxBatchSize, StoreStatistics statistics, StoreCircuitBreaker breaker, StoreCommitTelemetry telemetry)
{
    // Unbounded on purpose: the callers are grains, each awaiting its own write, so the queue
    // cannot outgrow the number of grains writing at once.
    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a write; the task completes once it is committed (or fails with its batch).</summary>
    public Task EnqueueAsync(Action<IStoreWrites> apply, int rows = 1)
    {
        if (breaker.RefuseWrite() is { } refused)
        {
            return Task.FromException(refused);
        }
        var write = new QueuedWrite(apply, rows);
        return _queue.Writer.TryWrite(write)
            ? write.Completion
            : Task.FromException(new ObjectDisposedException(nameof(IMessageStore), "The message store is closed."));
    }

    /// <summary>Refuses further writes; the writer still drains what is queued.</summary>
    public void Close() => _queue.Writer.TryComplete();

    /// <summary>Waits until a write is queued; false once closed and drained.</summary>
    public ValueTask<bool> WaitForWritesAsync() => _queue.Reader.WaitToReadAsync();

    /// <summary>
    /// The next batch: everything queued now, up to the batch limit. Writes queued before the
    /// breaker opened are failed here unseen, so they do not wait on a store known to be failing;
    /// the result is then empty and the writer simply waits again.
    /// </summary>
    public List<QueuedWrite> TakeBatch()
    {
        var batch = new List<QueuedWrite>();
        while (batch.Count < maxBatchSize && _queue.Reader.TryRead(out var write))
        {
            batch.Add(write);
        }

        if (batch.Count > 0 && !breaker.AdmitBatch())
        {
            statistics.RecordFailure(batch.Count);
            var refused = breaker.Refusal();
            batch.ForEach(write => write.Fail(refused));
            batch.Clear();
        }

        if (batch.Count > 0)
        {
            telemetry.BatchTaken(batch);
        }
        return batch;
    }

    /// <summary>
    /// Completes a batch's writes in queue order: all committed, or all failed with
    /// <paramref name="failure"/>. Counted first, so a caller that awaited its write sees it counted.
    /// </summary>
    public void Settle(List<QueuedWrite> batch, Exception? failure)
    {
        telemetry.BatchSettled(batch.Count, failure);
        if (failure is null)
        {
            breaker.RecordSuccess();
            statistics.RecordCommit(batch.Count, batch.Sum(w => w.Rows));
            batch.ForEach(write => write.Succeed());
        }
        else
        {
            breaker.RecordFailure();
            statistics.RecordFailure(batch.Count);
            batch.ForEach(write => write.Fail(failure));
        }
    }
}
