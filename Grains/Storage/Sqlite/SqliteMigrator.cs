using System.Globalization;
using System.Reflection;
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
    public static IReadOnlyList<SqliteMigration> Migrations => MigrationsOf(SqliteSchema.MessageStore);

    private static readonly Dictionary<SqliteSchema, IReadOnlyList<SqliteMigration>> BySchema =
        Enum.GetValues<SqliteSchema>().ToDictionary(s => s, s => (IReadOnlyList<SqliteMigration>)LoadEmbedded(s));

    public static IReadOnlyList<SqliteMigration> MigrationsOf(SqliteSchema schema) => BySchema[schema];

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

        RejectNewerSchema(connection, migrations);
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

    private static bool IsApplied(SqliteConnection connection, SqliteTransaction transaction, SqliteMigration migration)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT checksum FROM schema_version WHERE version = $version";
        command.Parameters.AddWithValue("$version", migration.Version);
        var recorded = (string?)command.ExecuteScalar();
        if (recorded is not null && recorded != migration.Checksum)
        {
            throw new InvalidOperationException(
                $"Migration {migration.Version} ({migration.Name}) was applied with different contents. Released migrations must not change; add a new one instead.");
        }

        return recorded is not null;
    }

    private static void Record(SqliteConnection connection, SqliteTransaction transaction, SqliteMigration migration)
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

    private static void RejectNewerSchema(SqliteConnection connection, IReadOnlyList<SqliteMigration> migrations)
    {
        var newest = AppliedVersions(connection).DefaultIfEmpty(0).Max();
        var known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (newest > known)
        {
            throw new InvalidOperationException(
                $"The database has schema version {newest} but this build knows migrations up to {known}; it was written by a newer version.");
        }
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<SqliteMigration> LoadEmbedded(SqliteSchema schema)
    {
        var assembly = typeof(SqliteMigrator).Assembly;
        var prefix = $"{ResourceRoot}{schema}.";
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name, prefix))
            .OrderBy(migration => migration.Version)
            .ToList();
        var clash = migrations.GroupBy(m => m.Version).FirstOrDefault(group => group.Count() > 1);
        return clash is null
            ? migrations
            : throw new InvalidOperationException($"Two migrations share version {clash.Key}: {string.Join(", ", clash.Select(m => m.Name))}.");
    }

    private static SqliteMigration Load(Assembly assembly, string resourceName, string prefix)
    {
        var fileName = resourceName[prefix.Length..^".sql".Length];
        var separator = fileName.IndexOf('_');
        if (separator <= 0 || !int.TryParse(fileName[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration resource '{resourceName}' must be named NNNN_description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return new SqliteMigration(version, fileName[(separator + 1)..], reader.ReadToEnd());
    }
}
