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
    private readonly TaskCompletionSource<WriterPriority> _priority = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _nice;
    private int _started;

    /// <param name="nice">The writer thread's nice value (0 leaves it as inherited); see <see cref="SqliteStoreOptions.WriterNice"/>.</param>
    public GroupCommitWriter(SqliteConnection connection, WriteQueue queue, WalRestarter walRestarter, int nice)
    {
        _nice = nice;
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

    /// <summary>The priority the writer's thread got; completes once the thread has started.</summary>
    public Task<WriterPriority> Priority => _priority.Task;

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
        // Every commit of the node passes through this one thread, while a loaded node has far
        // more runnable thread-pool threads than cores: at an equal share it waited for a core
        // longer than it ran (docs/performance.md), and every batch, so every ack, waited with it.
        var problem = _nice == 0 ? null : ThreadNice.TrySetForCurrentThread(_nice);
        _priority.TrySetResult(new WriterPriority(_nice, ThreadNice.CurrentThreadId(), problem));
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
