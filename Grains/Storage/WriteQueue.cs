using System.Threading.Channels;

namespace OrleansIm.Grains.Storage;

/// <summary>
/// The queue in front of a group-commit writer: callers add writes, the writer takes everything
/// queued (up to the batch limit) as its next batch and settles the whole batch at once, in queue
/// order, after its transaction committed or failed. While a batch commits, new writes queue up
/// and become the next batch, so batches grow by themselves with load and a lone write is not
/// delayed by any timer.
/// </summary>
internal sealed class WriteQueue(int maxBatchSize, StoreStatistics statistics)
{
    // Unbounded on purpose: the callers are grains, each awaiting its own write, so the queue
    // cannot outgrow the number of grains writing at once.
    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a write; the task completes once it is committed (or fails with its batch).</summary>
    public Task EnqueueAsync(Action<IStoreWrites> apply, int rows = 1)
    {
        var write = new QueuedWrite(apply, rows);
        return _queue.Writer.TryWrite(write)
            ? write.Completion
            : Task.FromException(new ObjectDisposedException(nameof(IMessageStore), "The message store is closed."));
    }

    /// <summary>Refuses further writes; the writer still drains what is queued.</summary>
    public void Close() => _queue.Writer.TryComplete();

    /// <summary>Waits until a write is queued; false once closed and drained.</summary>
    public ValueTask<bool> WaitForWritesAsync() => _queue.Reader.WaitToReadAsync();

    /// <summary>The next batch: everything queued now, up to the batch limit.</summary>
    public List<QueuedWrite> TakeBatch()
    {
        var batch = new List<QueuedWrite>();
        while (batch.Count < maxBatchSize && _queue.Reader.TryRead(out var write))
        {
            batch.Add(write);
        }

        return batch;
    }

    /// <summary>
    /// Completes a batch's writes in queue order: all committed, or all failed with
    /// <paramref name="failure"/>. Counted first, so a caller that awaited its write sees it counted.
    /// </summary>
    public void Settle(List<QueuedWrite> batch, Exception? failure)
    {
        if (failure is null)
        {
            statistics.RecordCommit(batch.Count, batch.Sum(w => w.Rows));
            batch.ForEach(write => write.Succeed());
        }
        else
        {
            statistics.RecordFailure(batch.Count);
            batch.ForEach(write => write.Fail(failure));
        }
    }
}
