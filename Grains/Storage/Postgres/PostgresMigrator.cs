using Npgsql;

namespace OrleansIm.Grains.Storage.Postgres;

/// <summary>
/// Brings a database to the schemas this build expects by applying the embedded migrations in
/// version order. Each script runs in its own transaction together with the row that records
/// it, so it is applied entirely or not at all, and running the migrator again is a no-op.
/// </summary>
/// <remarks>
/// Several silos may start against a fresh database at the same moment. Every step first takes
/// a transaction-scoped advisory lock of its schema (<c>pg_advisory_xact_lock</c>): one process
/// applies the script while the others wait, and each waiter, once it holds the lock, finds the
/// script recorded and goes on. The lock is released by COMMIT or ROLLBACK, so a process that
/// dies while migrating cannot leave it held.
/// </remarks>
public static class PostgresMigrator
{
    private const string ResourceRoot = "OrleansIm.Grains.Storage.Postgres.Migrations.";

    private static readonly Dictionary<PostgresSchema, IReadOnlyList<SchemaMigration>> BySchema =
        Enum.GetValues<PostgresSchema>().ToDictionary(s => s, s => EmbeddedMigrations.Load($"{ResourceRoot}{s}."));

    public static IReadOnlyList<SchemaMigration> MigrationsOf(PostgresSchema schema) => BySchema[schema];

    /// <summary>The table that records a schema's applied migrations; each schema has its own.</summary>
    public static string VersionTableOf(PostgresSchema schema) => schema switch
    {
        PostgresSchema.MessageStore => "message_store_schema_version",
        PostgresSchema.Orleans => "orleans_schema_version",
        _ => throw new ArgumentOutOfRangeException(nameof(schema), schema, "Unknown schema."),
    };

    /// <summary>Applies what is missing and returns the versions applied by this call (empty when up to date).</summary>
    /// <exception cref="InvalidOperationException">The database was migrated by a newer build, or an applied script has changed since.</exception>
    public static async Task<IReadOnlyList<int>> ApplyAsync(NpgsqlConnection connection, PostgresSchema schema, CancellationToken cancellationToken = default)
    {
        var migrations = MigrationsOf(schema);
        var applied = new List<int>();
        foreach (var migration in migrations)
        {
            var appliedNow = await InLockedTransactionAsync(connection, schema, async transaction =>
            {
                if (migration.IsRecordedAs(await RecordedChecksumAsync(connection, transaction, schema, migration.Version, cancellationToken).ConfigureAwait(false)))
                {
                    return false;
                }

                try
                {
                    await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException exception)
                {
                    throw new InvalidOperationException($"Migration {migration.Version} ({migration.Name}) of the {schema} schema failed: {exception.MessageText}", exception);
                }

                await RecordAsync(connection, transaction, schema, migration, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            if (appliedNow)
            {
                applied.Add(migration.Version);
            }
        }

        EmbeddedMigrations.RejectNewerSchema((await AppliedVersionsAsync(connection, schema, cancellationToken).ConfigureAwait(false)).DefaultIfEmpty(0).Max(), migrations);
        return applied;
    }

    /// <summary>
    /// For a process that must not migrate: checks that every migration of the schema is applied,
    /// unchanged, and none newer.
    /// </summary>
    /// <exception cref="InvalidOperationException">The database is behind (naming the migrate command), ahead, or was migrated with other scripts.</exception>
    public static async Task EnsureCurrentAsync(NpgsqlConnection connection, PostgresSchema schema, CancellationToken cancellationToken = default)
    {
        var migrations = MigrationsOf(schema);
        var recorded = await RecordedAsync(connection, schema, cancellationToken).ConfigureAwait(false);
        var pending = migrations.Where(m => !m.IsRecordedAs(recorded.GetValueOrDefault(m.Version))).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The {schema} schema of the PostgreSQL database lacks migrations {string.Join(", ", pending.Select(m => $"{m.Version} ({m.Name})"))} " +
                $"and {PostgresStoreOptions.SectionName}:{nameof(PostgresStoreOptions.ApplyMigrations)} is false. " +
                "Apply them first, e.g. with 'dotnet run --project Silo -- migrate'.");
        }

        EmbeddedMigrations.RejectNewerSchema(recorded.Keys.DefaultIfEmpty(0).Max(), migrations);
    }

    /// <summary>The versions recorded for the schema, ascending; empty when it was never migrated.</summary>
    public static async Task<IReadOnlyList<int>> AppliedVersionsAsync(NpgsqlConnection connection, PostgresSchema schema, CancellationToken cancellationToken = default) =>
        (await RecordedAsync(connection, schema, cancellationToken).ConfigureAwait(false)).Keys.Order().ToList();

    private static async Task<Dictionary<int, string>> RecordedAsync(NpgsqlConnection connection, PostgresSchema schema, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<int, string>();
        if (!await VersionTableExistsAsync(connection, schema, cancellationToken).ConfigureAwait(false))
        {
            return recorded;
        }

        await using var command = new NpgsqlCommand($"SELECT version, checksum FROM {VersionTableOf(schema)}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            recorded[reader.GetInt32(0)] = reader.GetString(1);
        }

        return recorded;
    }

    private static async Task<bool> VersionTableExistsAsync(NpgsqlConnection connection, PostgresSchema schema, CancellationToken cancellationToken)
    {
        // to_regclass resolves the name on the connection's search_path, as the queries do.
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = VersionTableOf(schema) });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Runs <paramref name="step"/> in a transaction that holds the schema's advisory lock, after
    /// making sure the version table exists (created under the lock too: two concurrent
    /// CREATE TABLE IF NOT EXISTS can still collide in the catalog).
    /// </summary>
    private static async Task<T> InLockedTransactionAsync<T>(NpgsqlConnection connection, PostgresSchema schema, Func<NpgsqlTransaction, Task<T>> step, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockKeyOf(schema) });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS {VersionTableOf(schema)} (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken).ConfigureAwait(false);
        var result = await step(transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Advisory lock keys are one bigint namespace per database, shared with anything else that
    /// uses them; these spell "OIMMIG" and the schema's number, unlikely to be anyone else's.
    /// </summary>
    internal static long LockKeyOf(PostgresSchema schema) => 0x4F49_4D4D_4947_0000L + (long)schema;

    private static async Task<string?> RecordedChecksumAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresSchema schema, int version, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT checksum FROM {VersionTableOf(schema)} WHERE version = $1", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        return (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresSchema schema, SchemaMigration migration, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"INSERT INTO {VersionTableOf(schema)} (version, name, checksum) VALUES ($1, $2, $3)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Checksum });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
