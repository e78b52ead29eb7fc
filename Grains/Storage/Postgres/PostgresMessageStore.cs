using Npgsql;

namespace OrleansIm.Grains.Storage.Postgres;

/// <summary>
/// The message store on PostgreSQL, for a cluster of silos: writes group-committed by a single
/// writer per silo (<see cref="PostgresGroupCommitWriter"/>) on its own connection, reads on the
/// pooled connections of an <see cref="NpgsqlDataSource"/>. Open it with <see cref="OpenAsync"/>
/// before the silo starts: it also migrates the tables of Orleans' ADO.NET providers, whose
/// queries the silo reads when it starts.
/// </summary>
public sealed class PostgresMessageStore : GroupCommitMessageStore
{
    private readonly NpgsqlDataSource _readers;
    private readonly NpgsqlDataSource _writerConnections;
    private readonly PostgresGroupCommitWriter _writer;

    private PostgresMessageStore(PostgresStoreOptions options, NpgsqlDataSource writerConnections, NpgsqlConnection writerConnection)
        : base(options.MaxBatchSize, options.CircuitBreaker, backend: "postgres")
    {
        ConnectionString = options.ConnectionString;
        _writerConnections = writerConnections;
        _writer = new PostgresGroupCommitWriter(writerConnections, writerConnection, Writes);
        _readers = NpgsqlDataSource.Create(options.ReaderConnectionString());
        Reader = new PostgresStoreReader(_readers);
    }

    /// <summary>The database, as configured: Orleans' ADO.NET providers get this (invariant <see cref="PostgresStoreOptions.OrleansInvariant"/>).</summary>
    public string ConnectionString { get; }

    private protected override StoreReader Reader { get; }

    /// <summary>
    /// Validates the options, applies pending migrations of both schemas (or, with
    /// <see cref="PostgresStoreOptions.ApplyMigrations"/> off, checks that none is pending) and
    /// starts the writer.
    /// </summary>
    /// <exception cref="InvalidOperationException">Bad options, or a database whose schema does not fit this build.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    public static async Task<PostgresMessageStore> OpenAsync(PostgresStoreOptions options, CancellationToken cancellationToken = default)
    {
        var store = await OpenPausedAsync(options, cancellationToken).ConfigureAwait(false);
        store.StartWriter();
        return store;
    }

    /// <summary>Validates the options and applies every pending migration of both schemas, then returns (the <c>migrate</c> command).</summary>
    /// <exception cref="InvalidOperationException">Bad options, or a database migrated by a newer build or with edited scripts.</exception>
    public static async Task MigrateAsync(PostgresStoreOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        await using var connection = new NpgsqlConnection(options.MigrationConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var schema in Enum.GetValues<PostgresSchema>())
        {
            await PostgresMigrator.ApplyAsync(connection, schema, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens the store without starting the writer, so tests can decide exactly what one batch holds.</summary>
    internal static async Task<PostgresMessageStore> OpenPausedAsync(PostgresStoreOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (options.ApplyMigrations)
        {
            await MigrateAsync(options, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await EnsureCurrentAsync(options, cancellationToken).ConfigureAwait(false);
        }

        var writerConnections = NpgsqlDataSource.Create(options.WriterConnectionString());
        NpgsqlConnection? writerConnection = null;
        try
        {
            // Opened here so that an unreachable server or a refused login fails the start-up, not the first send.
            writerConnection = await writerConnections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return new PostgresMessageStore(options, writerConnections, writerConnection);
        }
        catch
        {
            if (writerConnection is not null)
            {
                await writerConnection.DisposeAsync().ConfigureAwait(false);
            }

            await writerConnections.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal override void StartWriter() => _writer.Start();

    /// <summary>For tests: the writer's connection, to be used only while no write is queued.</summary>
    internal NpgsqlConnection? IdleWriterConnection => _writer.Connection;

    private static async Task EnsureCurrentAsync(PostgresStoreOptions options, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.MigrationConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var schema in Enum.GetValues<PostgresSchema>())
        {
            await PostgresMigrator.EnsureCurrentAsync(connection, schema, cancellationToken).ConfigureAwait(false);
        }
    }

    private protected override async ValueTask CloseAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _writerConnections.DisposeAsync().ConfigureAwait(false);
        await _readers.DisposeAsync().ConfigureAwait(false);
    }
}
