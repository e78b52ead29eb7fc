namespace OrleansIm.Grains.Storage;

/// <summary>
/// Counters of the group-commit writer. Updated before the writes of a batch are completed, so a
/// caller that has awaited its write already sees it counted.
/// </summary>
public sealed class StoreStatistics
{
    private long _transactionsCommitted;
    private long _writesCommitted;
    private long _transactionsFailed;
    private long _writesFailed;
    private long _rowsWritten;
    private long _checkpoints;
    private long _checkpointFailures;
    private long _walFrames;
    private long _walRestarts;
    private long _walRestartsBusy;

    public long TransactionsCommitted => Interlocked.Read(ref _transactionsCommitted);

    public long WritesCommitted => Interlocked.Read(ref _writesCommitted);

    public long TransactionsFailed => Interlocked.Read(ref _transactionsFailed);

    public long WritesFailed => Interlocked.Read(ref _writesFailed);

    /// <summary>
    /// Rows the committed writes inserted, updated or deleted, as their callers count them (a
    /// message, a sync event, a read position, a membership row...). The per-batch bookkeeping row
    /// of each conversation (conversation_delivery.last_seq) is not counted: it is one per batch.
    /// </summary>
    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    /// <summary>Background WAL checkpoints run (SQLite with <c>CheckpointInterval</c> above zero).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    public long CheckpointFailures => Interlocked.Read(ref _checkpointFailures);

    /// <summary>Frames in the write-ahead log at the last checkpoint: how far the log grew between two.</summary>
    public long WalFramesAtLastCheckpoint => Interlocked.Read(ref _walFrames);

    /// <summary>Times the SQLite writer started the write-ahead log over after it passed its size limit.</summary>
    public long WalRestarts => Interlocked.Read(ref _walRestarts);

    /// <summary>Restarts refused (a reader held on, or the background checkpoint was running) or failed; the writer tries again later.</summary>
    public long WalRestartsBusy => Interlocked.Read(ref _walRestartsBusy);

    internal void RecordWalRestart(bool completed) =>
        Interlocked.Increment(ref completed ? ref _walRestarts : ref _walRestartsBusy);

    internal void RecordCheckpoint(long framesInLog)
    {
        Interlocked.Exchange(ref _walFrames, framesInLog);
        Interlocked.Increment(ref _checkpoints);
    }

    internal void RecordCheckpointFailure() => Interlocked.Increment(ref _checkpointFailures);

    internal void RecordCommit(int writes, int rows)
    {
        Interlocked.Add(ref _rowsWritten, rows);
        Interlocked.Increment(ref _transactionsCommitted);
        Interlocked.Add(ref _writesCommitted, writes);
    }

    internal void RecordFailure(int writes)
    {
        Interlocked.Increment(ref _transactionsFailed);
        Interlocked.Add(ref _writesFailed, writes);
    }
}
