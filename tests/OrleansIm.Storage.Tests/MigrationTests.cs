using Microsoft.Data.Sqlite;
using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Storage.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private SqliteConnection Connect()
    {
        Directory.CreateDirectory(_database.DataDirectory);
        return _database.Connect();
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }

    [Fact]
    public void Applying_twice_applies_everything_once_and_then_nothing()
    {
        using var connection = Connect();

        var first = SqliteMigrator.Apply(connection);
        var second = SqliteMigrator.Apply(connection);

        Assert.Equal([1, 2, 3], first);
        Assert.Empty(second);
        Assert.Equal([1, 2, 3], SqliteMigrator.AppliedVersions(connection));
        Assert.Equal("3", Scalar(connection, "SELECT count(*) FROM schema_version WHERE name <> ''"));
    }

    [Fact]
    public async Task Opening_the_store_migrates_and_reopening_changes_nothing()
    {
        await using (await _database.OpenAsync())
        {
        }

        using (var connection = _database.Connect())
        {
            Assert.Equal([1, 2, 3], SqliteMigrator.AppliedVersions(connection));
            Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        }
        using (var grainState = _database.ConnectGrainState())
        {
            Assert.Equal([1], SqliteMigrator.AppliedVersions(grainState));
            Assert.Equal("wal", Scalar(grainState, "PRAGMA journal_mode"));
        }

        await using (await _database.OpenAsync())
        {
        }

        using var again = _database.Connect();
        Assert.Equal("3", Scalar(again, "SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public void The_Orleans_query_table_holds_the_three_grain_storage_queries()
    {
        using var connection = Connect();
        SqliteMigrator.Apply(connection, SqliteSchema.GrainState);

        Assert.Equal(
            "ClearStorageKey,ReadFromStorageKey,WriteToStorageKey",
            Scalar(connection, "SELECT group_concat(QueryKey, ',') FROM (SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey)"));
    }

    [Theory]
    [InlineData("INSERT INTO schema_version (version, name, checksum, applied_at_ms) VALUES (999, 'future', 'x', 0)", "schema version 999")]
    [InlineData("UPDATE schema_version SET checksum = 'edited' WHERE version = 1", "Migration 1 (message_store)")]
    public void A_database_from_a_newer_build_or_with_an_edited_migration_is_refused(string tamper, string expected)
    {
        using var connection = Connect();
        SqliteMigrator.Apply(connection);
        Scalar(connection, tamper);

        var error = Assert.Throws<InvalidOperationException>(() => SqliteMigrator.Apply(connection));
        Assert.Contains(expected, error.Message);
    }
}
