using System.Data;
using Npgsql;

namespace OrleansIm.Grains.Storage.Postgres;

/// <summary>
/// Group commit on PostgreSQL: one writer loop takes each batch from the <see cref="WriteQueue"/>,
/// sends it as one batch in one (implicit) transaction on its own connection, and only after the
/// server has committed it completes the writes in queue order. One WAL flush then covers a whole
/// batch. A failed transaction fails every write of its batch and leaves none of them behind.
/// </summary>
/// <remarks>
/// The loop awaits the server instead of blocking a thread: on PostgreSQL a commit is network I/O,
/// not a local fsync. When the connection breaks (the server restarted, a proxy dropped it) the
/// batch on it fails at once and the next batch opens a new connection, so sends fail fast while
/// the database is away and recover by themselves when it is back.
/// </remarks>
internal sealed class PostgresGroupCommitWriter : IAsyncDisposable
{
    private readonly WriteQueue _queue;
    private readonly NpgsqlDataSource _connections;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NpgsqlConnection? _connection;
    private int _started;

    /// <param name="connections">Opens the writer's (unpooled) connections.</param>
    /// <param name="connection">The first connection, opened by the caller so that a bad configuration fails at start-up.</param>
    public PostgresGroupCommitWriter(NpgsqlDataSource connections, NpgsqlConnection connection, WriteQueue queue)
    {
        _connections = connections;
        _connection = connection;
        _queue = queue;
    }

    /// <summary>The writer's current connection; tests may look at it while no write is queued.</summary>
    internal NpgsqlConnection? Connection => _connection;

    /// <summary>Starts the writer. Writes queued before this go out together in the first batches.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(RunAsync);
        }
    }

    /// <summary>Commits everything queued before the queue was closed, then closes the writer connection.</summary>
    public async ValueTask DisposeAsync()
    {
        Start();
        await _stopped.Task.ConfigureAwait(false);
        await CloseConnectionAsync().ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        try
        {
            while (await _queue.WaitForWritesAsync().ConfigureAwait(false))
            {
                var batch = _queue.TakeBatch();
                if (batch.Count > 0)
                {
                    _queue.Settle(batch, await CommitAsync(batch).ConfigureAwait(false));
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>Runs the batch in one transaction; the exception that failed it, or null once committed.</summary>
    private async Task<Exception?> CommitAsync(List<QueuedWrite> writes)
    {
        try
        {
            _connection ??= await _connections.OpenConnectionAsync().ConfigureAwait(false);
            var batch = new PostgresWriteBatch(_connection);
            foreach (var write in writes)
            {
                write.Apply(batch);
            }

            // One implicit transaction, committed before the server answers (see PostgresWriteBatch).
            await batch.ExecuteAsync(CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception)
        {
            await ForgetConnectionUnlessHealthyAsync(exception).ConfigureAwait(false);
            return exception;
        }
    }

    /// <summary>
    /// The server refusing a statement (a constraint, say) leaves the connection usable once the
    /// transaction is rolled back; anything else (I/O, a timeout, a broken connection) may have
    /// left it in an unknown state, so it is closed and the next batch starts on a new one.
    /// </summary>
    private async Task ForgetConnectionUnlessHealthyAsync(Exception exception)
    {
        if (exception is PostgresException && _connection?.FullState == ConnectionState.Open)
        {
            return;
        }

        await CloseConnectionAsync().ConfigureAwait(false);
    }

    private async Task CloseConnectionAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is null)
        {
            return;
        }

        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is NpgsqlException or IOException or ObjectDisposedException)
        {
            // Closing a connection that is already broken has nothing left to do.
        }
    }
}
