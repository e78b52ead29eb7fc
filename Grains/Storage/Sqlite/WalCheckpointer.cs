using Microsoft.Data.Sqlite;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// Copies the write-ahead log back into the database file on a thread of its own, so the
/// group-commit writer never does it. Left to SQLite, the connection whose COMMIT crosses the
/// WAL threshold runs the checkpoint inside that COMMIT: under load that was the writer every
/// few dozen milliseconds, each time stalling every queued write behind a multi-megabyte copy
/// and an fsync of the database file. PASSIVE checkpoints take no lock the writer or readers wait
/// on. They cannot start the log over while writes go on: <see cref="WalRestarter"/> does that,
/// and asks this thread to catch up first (<see cref="RequestCatchUp"/>), so that the restart,
/// which holds the writer while it runs, has only the last few frames left to copy.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeSpan _interval;
    private readonly StoreStatistics _statistics;
    private readonly ManualResetEventSlim _stop = new();
    private readonly AutoResetEvent _catchUp = new(false);
    private readonly Thread _thread;
    private int _started;
    private long _passes;
    private long _catchUpUntil;

    public WalCheckpointer(string connectionString, TimeSpan interval, StoreStatistics statistics)
    {
        // Its own connection, not pooled: a checkpoint must not borrow a reader's.
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        _interval = interval;
        _statistics = statistics;
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-checkpoint" };
    }

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }
        _connection.Open();
        _thread.Start();
    }

    /// <summary>Checkpoint passes finished so far, failed ones included.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>
    /// Runs two passes back to back, starting now: the first may have begun before the call, the
    /// second then copies what was appended meanwhile. Returns the pass count that marks them done.
    /// </summary>
    public long RequestCatchUp()
    {
        var until = Passes + 2;
        Interlocked.Exchange(ref _catchUpUntil, until);
        _catchUp.Set();
        return until;
    }

    /// <summary>Stops after the checkpoint in progress, if any. The last connection to close checkpoints what is left.</summary>
    public void Dispose()
    {
        _stop.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }
        _connection.Dispose();
        _stop.Dispose();
        _catchUp.Dispose();
    }

    private void Run()
    {
        WaitHandle[] wake = [_stop.WaitHandle, _catchUp];
        while (Passes < Interlocked.Read(ref _catchUpUntil) || WaitHandle.WaitAny(wake, _interval) != 0)
        {
            if (_stop.IsSet)
            {
                return;
            }
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                using var reader = command.ExecuteReader();
                // The row is (busy, frames in the log, frames copied).
                if (reader.Read())
                {
                    _statistics.RecordCheckpoint(reader.GetInt64(1));
                }
            }
            catch (SqliteException)
            {
                // A missed checkpoint only lets the log grow until the next one; the writer
                // never depends on it, so this thread keeps trying rather than failing anything.
                _statistics.RecordCheckpointFailure();
            }
            Interlocked.Increment(ref _passes);
        }
    }
}
