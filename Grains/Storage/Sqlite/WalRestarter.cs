using Microsoft.Data.Sqlite;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// Keeps the write-ahead log from growing without end. SQLite starts the log over only when a
/// write transaction begins with every frame already copied into the database file and no reader
/// still in the log; under steady writes that moment never comes, since the background
/// checkpoint copies frames while new ones are appended. The log then grew by gigabytes in a
/// few minutes, every commit extended the file, and every page lookup, by readers and the
/// writer alike, searched a longer log index. So once the log file passes the limit, the writer
/// itself, between two batches, checkpoints in RESTART mode: it copies what the background
/// checkpoint left, waits briefly for readers to leave the log, and its next transaction writes
/// from the start of the file. <c>journal_size_limit</c> (set with the writer's pragmas) then
/// trims the file back to the limit.
/// </summary>
/// <remarks>
/// A restart holds the writer while it copies and syncs, and with the background checkpoint
/// running every <c>CheckpointInterval</c> up to an interval's worth of frames is left to copy:
/// 30-120 ms of stalled commits, once every second or so under load. So with a background
/// checkpointer, the restart first asks it to catch up (two passes back to back, which do not
/// hold the writer) and runs only once they are done, with just the frames of the last few
/// batches left; if a reader is still in the log past the reader wait, it asks for another
/// catch-up and tries again after it.
/// </remarks>
internal sealed class WalRestarter(SqliteConnection writer, SqliteStoreOptions options, StoreStatistics statistics, WalCheckpointer? checkpointer = null)
{
    // Readers hold the log for single queries, milliseconds; one that takes longer is not waited
    // for, since the writer's whole queue waits with it.
    private static readonly TimeSpan ReaderWait = TimeSpan.FromMilliseconds(20);

    private readonly FileInfo _log = new(options.DatabasePath + "-wal");
    private readonly long _limitBytes = options.WalRestartBytes;

    // After a refused restart (a reader held on, or the background checkpoint was running), the
    // next try waits for another quarter of the limit to be written, so a long reader costs the
    // writer a few short waits, not one per batch.
    private long _nextTryBytes;

    // The checkpointer's pass count at which the catch-up asked for is done; null when none is pending.
    private long? _catchUpDone;

    /// <summary>Restarts the log if it has passed the limit; called by the writer with no transaction open.</summary>
    public void AfterBatch()
    {
        _log.Refresh();
        if (!_log.Exists || _log.Length <= Math.Max(_limitBytes, _nextTryBytes))
        {
            return;
        }
        // Past twice the limit the catch-up is not waited for: the checkpointer is stuck or gone
        // (a store closing), and the log must not grow without end again.
        var caughtUp = false;
        if (checkpointer is not null && _log.Length <= 2 * _limitBytes)
        {
            _catchUpDone ??= checkpointer.RequestCatchUp();
            if (checkpointer.Passes < _catchUpDone)
            {
                return;
            }
            caughtUp = true;
        }
        _catchUpDone = null;
        var completed = false;
        try
        {
            SqlitePragmas.Scalar(writer, $"PRAGMA busy_timeout = {(long)ReaderWait.TotalMilliseconds}");
            using var command = writer.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(RESTART)";
            using var reader = command.ExecuteReader();
            // The row is (busy, frames in the log, frames copied); busy = 1 when the restart was refused.
            completed = reader.Read() && reader.GetInt64(0) == 0;
        }
        catch (SqliteException)
        {
            // As refused: the log only grows until a later try.
        }
        finally
        {
            SqlitePragmas.Scalar(writer, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}");
        }
        statistics.RecordWalRestart(completed);
        // With a checkpointer, a refused restart is tried again after the next catch-up, which
        // paces the tries by itself.
        _nextTryBytes = completed || caughtUp ? 0 : _log.Length + _limitBytes / 4;
    }
}
