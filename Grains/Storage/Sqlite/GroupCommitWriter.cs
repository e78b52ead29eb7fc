using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// Group commit: callers queue writes; one writer takes everything queued (up to the batch
/// limit), runs it in one transaction on its own connection, and only after COMMIT returns
/// completes the writes in queue order. One fsync then covers a whole batch, so the cost of
/// durability is paid per batch instead of per message. A failed transaction fails every write
/// of its batch and leaves none of them behind.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    // Unbounded on purpose: the callers are grains, each awaiting its own write, so the queue
    // cannot outgrow the number of grains writing at once.
    private readonly Channel<QueuedWrite> _queue = Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly SqliteWriteStatements _statements;
    private readonly int _maxBatchSize;
    private readonly StoreStatistics _statistics;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    public GroupCommitWriter(SqliteConnection connection, int maxBatchSize, StoreStatistics statistics)
    {
        _connection = connection;
        _statements = new SqliteWriteStatements(connection);
        _maxBatchSize = maxBatchSize;
        _statistics = statistics;
        // A thread of its own: SQLite calls block (COMMIT waits for fsync) and must not hold
        // thread-pool threads that grains and the gateway need.
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-group-commit" };
    }

    /// <summary>Starts the writer. Writes queued before this go out together in the first batches.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _thread.Start();
        }
    }

    /// <summary>Queues a write; the task completes once it is committed (or fails with its batch).</summary>
    public Task EnqueueAsync(Action<SqliteWriteStatements> apply)
    {
        var write = new QueuedWrite(apply);
        return _queue.Writer.TryWrite(write)
            ? write.Completion
            : Task.FromException(new ObjectDisposedException(nameof(SqliteMessageStore), "The message store is closed."));
    }

    /// <summary>Stops taking writes, commits everything already queued, then closes the writer connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Start();
        await _stopped.Task.ConfigureAwait(false);
        _statements.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private void Run()
    {
        var batch = new List<QueuedWrite>(Math.Min(_maxBatchSize, 1024));
        try
        {
            while (WaitForWrites())
            {
                while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var write))
                {
                    batch.Add(write);
                }

                Commit(batch);
                batch.Clear();
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Blocks this dedicated thread until a write is queued; false once closed and drained.</summary>
    private bool WaitForWrites() => _queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();

    private void Commit(List<QueuedWrite> batch)
    {
        try
        {
            using var transaction = _connection.BeginTransaction();
            _statements.Enlist(transaction);
            foreach (var write in batch)
            {
                write.Apply(_statements);
            }

            _statements.CompleteBatch();
            transaction.Commit();
        }
        catch (Exception exception)
        {
            _statistics.RecordFailure(batch.Count);
            foreach (var write in batch)
            {
                write.Fail(exception);
            }

            return;
        }

        _statistics.RecordCommit(batch.Count);
        foreach (var write in batch)
        {
            write.Succeed();
        }
    }
}
