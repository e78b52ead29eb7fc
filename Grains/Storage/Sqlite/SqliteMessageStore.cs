using Microsoft.Data.Sqlite;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// The embedded message store: one SQLite file in WAL mode, writes group-committed by a single
/// writer (<see cref="GroupCommitWriter"/>), reads on pooled connections. Open it with
/// <see cref="OpenAsync"/>, which also migrates the schema (including Orleans' grain-state
/// tables), before the silo starts.
/// </summary>
public sealed class SqliteMessageStore : GroupCommitMessageStore
{
    private readonly GroupCommitWriter _writer;
    private readonly WalCheckpointer? _checkpointer;
    private readonly string _readConnectionString;

    private SqliteMessageStore(SqliteStoreOptions options, SqliteConnection writerConnection, TimeProvider? clock)
        : base(options.MaxBatchSize, options.CircuitBreaker, clock, "sqlite")
    {
        ConnectionString = options.GetConnectionString();
        DatabasePath = options.DatabasePath;
        _checkpointer = options.CheckpointInterval > TimeSpan.Zero
            ? new WalCheckpointer(ConnectionString, options.CheckpointInterval, Statistics)
            : null;
        _writer = new GroupCommitWriter(writerConnection, Writes, new WalRestarter(writerConnection, options, Statistics, _checkpointer), options.WriterNice);
        _readConnectionString = new SqliteConnectionStringBuilder(ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
        Reader = new SqliteStoreReader(_readConnectionString);
    }

    /// <summary>The message store's database (tests and tools read it directly).</summary>
    public string ConnectionString { get; }

    /// <summary>The connection string to give Orleans' ADO.NET grain storage (invariant "System.Data.SQLite").</summary>
    public string GrainStateConnectionString { get; private init; } = "";

    public string DatabasePath { get; }

    /// <summary>The priority the group-commit writer's thread got (<see cref="SqliteStoreOptions.WriterNice"/>); completes once the writer has started.</summary>
    public Task<WriterPriority> WriterPriority => _writer.Priority;

    private protected override StoreReader Reader { get; }

    /// <summary>Creates the data directory and database if missing, applies pending migrations and starts the writer.</summary>
    /// <param name="clock">The circuit breaker's clock (tests move it past a break); the system's by default.</param>
    public static async Task<SqliteMessageStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken = default, TimeProvider? clock = null)
    {
        var store = await OpenPausedAsync(options, cancellationToken, clock).ConfigureAwait(false);
        store.StartWriter();
        return store;
    }

    /// <summary>Opens the store without starting the writer, so tests can decide exactly what one batch holds.</summary>
    internal static async Task<SqliteMessageStore> OpenPausedAsync(SqliteStoreOptions options, CancellationToken cancellationToken = default, TimeProvider? clock = null)
    {
        options.Validate();
        Directory.CreateDirectory(Path.GetDirectoryName(options.DatabasePath)!);
        // Not pooled: the writer keeps its connection for its lifetime, and closing it must really close the file.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(options.GetConnectionString()) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            SqlitePragmas.ConfigureStoreWriter(connection, options);
            SqliteMigrator.Apply(connection);
            await MigrateGrainStateAsync(options, cancellationToken).ConfigureAwait(false);
            return new SqliteMessageStore(options, connection, clock) { GrainStateConnectionString = options.GetGrainStateConnectionString() };
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal override void StartWriter()
    {
        _writer.Start();
        _checkpointer?.Start();
    }

    /// <summary>Orleans reads its queries from this database when the silo starts, so it must be ready first.</summary>
    private static async Task MigrateGrainStateAsync(SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(options.GetGrainStateConnectionString()) { Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        SqlitePragmas.ConfigureWriter(connection, options);
        SqliteMigrator.Apply(connection, SqliteSchema.GrainState);
    }

    private protected override async ValueTask CloseAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        _checkpointer?.Dispose();
        using var pooled = new SqliteConnection(_readConnectionString);
        SqliteConnection.ClearPool(pooled);
    }
}
