using Microsoft.Data.Sqlite;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>The per-connection and per-database settings the store depends on.</summary>
internal static class SqlitePragmas
{
    public static void ConfigureWriter(SqliteConnection connection, SqliteStoreOptions options)
    {
        // WAL is a property of the database file: set once, every later connection (readers,
        // Orleans' providers) uses it too, and readers stop blocking on the writer.
        var journalMode = Scalar(connection, "PRAGMA journal_mode = WAL");
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL journal mode for {connection.DataSource} (got '{journalMode}').");
        }

        // synchronous and busy_timeout hold per connection; this one does all the store's writing.
        Scalar(connection, $"PRAGMA synchronous = {(int)options.Synchronous}");
        Scalar(connection, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}");
    }

    /// <summary>The message store's writer only: its page cache, and who checkpoints (see <see cref="WalCheckpointer"/>).</summary>
    public static void ConfigureStoreWriter(SqliteConnection connection, SqliteStoreOptions options)
    {
        ConfigureWriter(connection, options);
        // Negative: a size in KiB rather than in pages.
        Scalar(connection, $"PRAGMA cache_size = {-(long)options.WriterCacheMegabytes * 1024}");
        // The size the log file is trimmed back to when it starts over (see WalRestarter).
        Scalar(connection, $"PRAGMA journal_size_limit = {options.WalRestartBytes}");
        if (options.CheckpointInterval > TimeSpan.Zero)
        {
            Scalar(connection, "PRAGMA wal_autocheckpoint = 0");
        }
    }

    public static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
