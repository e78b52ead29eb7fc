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

    public long TransactionsCommitted => Interlocked.Read(ref _transactionsCommitted);

    public long WritesCommitted => Interlocked.Read(ref _writesCommitted);

    public long TransactionsFailed => Interlocked.Read(ref _transactionsFailed);

    public long WritesFailed => Interlocked.Read(ref _writesFailed);

    internal void RecordCommit(int writes)
    {
        Interlocked.Increment(ref _transactionsCommitted);
        Interlocked.Add(ref _writesCommitted, writes);
    }

    internal void RecordFailure(int writes)
    {
        Interlocked.Increment(ref _transactionsFailed);
        Interlocked.Add(ref _writesFailed, writes);
    }
}
