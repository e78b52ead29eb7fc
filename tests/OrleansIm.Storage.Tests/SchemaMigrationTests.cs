using OrleansIm.Grains.Storage;
using OrleansIm.Grains.Storage.Postgres;
using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Storage.Tests;

/// <summary>The embedded migration scripts of every backend and schema, as the build ships them.</summary>
public sealed class SchemaMigrationTests
{
    private static readonly Dictionary<string, IReadOnlyList<SchemaMigration>> Schemas = new()
    {
        ["sqlite/message store"] = SqliteMigrator.MigrationsOf(SqliteSchema.MessageStore),
        ["sqlite/grain state"] = SqliteMigrator.MigrationsOf(SqliteSchema.GrainState),
        ["postgres/message store"] = PostgresMigrator.MigrationsOf(PostgresSchema.MessageStore),
        ["postgres/orleans"] = PostgresMigrator.MigrationsOf(PostgresSchema.Orleans),
    };

    [Theory]
    [InlineData("sqlite/message store", "message_store")]
    [InlineData("sqlite/grain state", "orleans_grain_storage")]
    [InlineData("postgres/message store", "message_store")]
    [InlineData("postgres/orleans", "orleans_providers")]
    public void Each_schemas_migrations_are_numbered_from_one_without_gaps(string schema, string first)
    {
        var migrations = Schemas[schema];
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
        Assert.Equal(first, migrations[0].Name);
    }

    [Fact]
    public void A_recorded_checksum_is_this_script_nothing_recorded_is_pending_and_another_checksum_is_refused()
    {
        var migration = new SchemaMigration(3, "add_things", "CREATE TABLE things (id integer);\r\n");

        Assert.True(migration.IsRecordedAs(new SchemaMigration(3, "add_things", "CREATE TABLE things (id integer);\n").Checksum));
        Assert.False(migration.IsRecordedAs(null));
        var error = Assert.Throws<InvalidOperationException>(() => migration.IsRecordedAs("0123"));
        Assert.Contains("Migration 3 (add_things)", error.Message);
    }
}
