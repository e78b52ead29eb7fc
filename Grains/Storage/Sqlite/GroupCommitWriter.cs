using Microsoft.Data.Sqlite;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// Group commit on SQLite: one writer takes each batch from the <see cref="WriteQueue"/>, runs it
/// in one transaction on its own connection, and only after COMMIT returns completes the writes
/// in queue order. One fsync then covers a whole batch, so the cost of durability is paid per
/// batch instead of per message. A failed transaction fails every write of its batch and leaves
/// none of them behind.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly WriteQueue _queue;
    private readonly SqliteConnection _connection;
    private readonly SqliteWriteStatements _statements;
    private readonly WalRestarter _walRestarter;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    public GroupCommitWriter(SqliteConnection connection, WriteQueue queue, WalRestarter walRestarter)
    {
        _connection = connection;
        _statements = new SqliteWriteStatements(connection);
        _queue = queue;
        _walRestarter = walRestarter;
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

    /// <summary>Commits everything queued before the queue was closed, then closes the writer connection.</summary>
    public async ValueTask DisposeAsync()
    {
        Start();
        await _stopped.Task.ConfigureAwait(false);
        _statements.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private void Run()
    {
        try
        {
            // Blocks this dedicated thread until a write is queued; false once closed and drained.
            while (_queue.WaitForWritesAsync().AsTask().GetAwaiter().GetResult())
            {
                var batch = _queue.TakeBatch();
                if (batch.Count > 0)
                {
                    _queue.Settle(batch, Commit(batch));
                    _walRestarter.AfterBatch();
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Runs the batch in one transaction; the exception that failed it, or null once committed.</summary>
    private Exception? Commit(List<QueuedWrite> batch)
    {
        try
        {
            using var transaction = _connection.BeginTransaction();
            _statements.BeginBatch();
            foreach (var write in batch)
            {
                write.Apply(_statements);
            }

            _statements.CompleteBatch();
            transaction.Commit();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}
