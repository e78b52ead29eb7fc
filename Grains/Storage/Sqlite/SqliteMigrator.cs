using Microsoft.Data.Sqlite;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// Brings a database to the schema this build expects by applying the embedded migrations in
/// version order, each in its own transaction together with its schema_version row, so a
/// migration is either wholly applied and recorded or not at all. Running it again is a no-op.
/// </summary>
public static class SqliteMigrator
{
    private const string ResourceRoot = "OrleansIm.Grains.Storage.Sqlite.Migrations.";

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version        INTEGER NOT NULL PRIMARY KEY,
            name           TEXT    NOT NULL,
            checksum       TEXT    NOT NULL,
            applied_at_ms  INTEGER NOT NULL
        );
        """;

    /// <summary>The message store's migrations.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations => MigrationsOf(SqliteSchema.MessageStore);

    private static readonly Dictionary<SqliteSchema, IReadOnlyList<SchemaMigration>> BySchema =
        Enum.GetValues<SqliteSchema>().ToDictionary(s => s, s => EmbeddedMigrations.Load($"{ResourceRoot}{s}."));

    public static IReadOnlyList<SchemaMigration> MigrationsOf(SqliteSchema schema) => BySchema[schema];

    /// <summary>Applies what is missing and returns the versions applied by this call (empty when up to date).</summary>
    /// <exception cref="InvalidOperationException">The database was migrated by a newer build, or an applied script has changed since.</exception>
    public static IReadOnlyList<int> Apply(SqliteConnection connection, SqliteSchema schema = SqliteSchema.MessageStore)
    {
        Execute(connection, null, CreateVersionTable);
        var applied = new List<int>();
        var migrations = MigrationsOf(schema);
        foreach (var migration in migrations)
        {
            // BeginTransaction is BEGIN IMMEDIATE: two processes starting together take turns here,
            // and the second one then sees the first one's schema_version row.
            using var transaction = connection.BeginTransaction();
            if (IsApplied(connection, transaction, migration))
            {
                continue;
            }

            Execute(connection, transaction, migration.Sql);
            Record(connection, transaction, migration);
            transaction.Commit();
            applied.Add(migration.Version);
        }

        EmbeddedMigrations.RejectNewerSchema(AppliedVersions(connection).DefaultIfEmpty(0).Max(), migrations);
        return applied;
    }

    /// <summary>The versions recorded in schema_version, ascending.</summary>
    public static IReadOnlyList<int> AppliedVersions(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version ORDER BY version";
        using var reader = command.ExecuteReader();
        var versions = new List<int>();
        while (reader.Read())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static bool IsApplied(SqliteConnection connection, SqliteTransaction transaction, SchemaMigration migration)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT checksum FROM schema_version WHERE version = $version";
        command.Parameters.AddWithValue("$version", migration.Version);
        return migration.IsRecordedAs((string?)command.ExecuteScalar());
    }

    private static void Record(SqliteConnection connection, SqliteTransaction transaction, SchemaMigration migration)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO schema_version (version, name, checksum, applied_at_ms)
            VALUES ($version, $name, $checksum, $now)
            """;
        command.Parameters.AddWithValue("$version", migration.Version);
        command.Parameters.AddWithValue("$name", migration.Name);
        command.Parameters.AddWithValue("$checksum", migration.Checksum);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
