using Npgsql;
using OrleansIm.Grains.Storage.Postgres;

namespace OrleansIm.Storage.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await postgres.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<NpgsqlConnection> ConnectAsync() => PostgresFixture.ConnectAsync(_connectionString);

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await ConnectAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    [Theory]
    [InlineData(PostgresSchema.MessageStore)]
    [InlineData(PostgresSchema.Orleans)]
    public async Task Applying_twice_applies_everything_once_and_then_nothing(PostgresSchema schema)
    {
        await using var connection = await ConnectAsync();
        var all = PostgresMigrator.MigrationsOf(schema).Select(m => m.Version).ToList();

        var first = await PostgresMigrator.ApplyAsync(connection, schema);
        var second = await PostgresMigrator.ApplyAsync(connection, schema);

        Assert.Equal(all, first);
        Assert.Empty(second);
        Assert.Equal(all, await PostgresMigrator.AppliedVersionsAsync(connection, schema));
        Assert.Equal((long)all.Count, await ScalarAsync($"SELECT count(*) FROM {PostgresMigrator.VersionTableOf(schema)}"));
    }

    [Fact]
    public async Task Migrating_the_store_migrates_both_schemas_into_one_database_and_again_changes_nothing()
    {
        var options = new PostgresStoreOptions { ConnectionString = _connectionString };

        await PostgresMessageStore.MigrateAsync(options);
        await PostgresMessageStore.MigrateAsync(options);

        await using var connection = await ConnectAsync();
        foreach (var schema in Enum.GetValues<PostgresSchema>())
        {
            Assert.Equal(PostgresMigrator.MigrationsOf(schema).Select(m => m.Version), await PostgresMigrator.AppliedVersionsAsync(connection, schema));
        }

        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM pg_class WHERE relname = 'message' AND relkind = 'r'"));
    }

    [Fact]
    public async Task Migrators_racing_on_a_fresh_database_all_succeed_and_the_schema_is_applied_once()
    {
        const PostgresSchema schema = PostgresSchema.MessageStore;
        const int racers = 3;
        await using var holder = await ConnectAsync();
        await using var held = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgresMigrator.LockKeyOf(schema)})", holder, held))
        {
            await take.ExecuteNonQueryAsync();
        }

        // Every racer starts while the lock is held, so all of them reach it before any can apply.
        var racing = Enumerable.Range(0, racers).Select(_ => Task.Run(async () =>
        {
            await using var connection = await ConnectAsync();
            return await PostgresMigrator.ApplyAsync(connection, schema);
        })).ToList();
        await using (var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", holder, held))
        {
            await Eventually.TrueAsync(async () => (long)(await waiting.ExecuteScalarAsync())! == racers, $"{racers} migrators waiting for the lock");
        }

        await held.CommitAsync();
        var applied = await Task.WhenAll(racing);

        Assert.Single(applied, versions => versions.Count > 0);
        Assert.Equal(racers - 1, applied.Count(versions => versions.Count == 0));
        Assert.Equal((long)PostgresMigrator.MigrationsOf(schema).Count, await ScalarAsync($"SELECT count(*) FROM {PostgresMigrator.VersionTableOf(schema)}"));
    }

    [Theory]
    [InlineData("INSERT INTO message_store_schema_version (version, name, checksum) VALUES (999, 'future', 'x')", "schema version 999")]
    [InlineData("UPDATE message_store_schema_version SET checksum = 'edited' WHERE version = 1", "Migration 1 (message_store)")]
    public async Task A_database_from_a_newer_build_or_with_an_edited_migration_is_refused(string tamper, string expected)
    {
        await using var connection = await ConnectAsync();
        await PostgresMigrator.ApplyAsync(connection, PostgresSchema.MessageStore);
        await ScalarAsync(tamper);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresMigrator.ApplyAsync(connection, PostgresSchema.MessageStore));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Without_migrations_a_store_refuses_a_database_that_is_behind_and_opens_one_that_is_current()
    {
        var options = new PostgresStoreOptions { ConnectionString = _connectionString, ApplyMigrations = false };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresMessageStore.OpenAsync(options));
        Assert.Contains("migrate", error.Message);
        Assert.Contains("ApplyMigrations", error.Message);
        Assert.Equal(false, await ScalarAsync("SELECT to_regclass('message') IS NOT NULL"));

        await PostgresMessageStore.MigrateAsync(options);
        await using var store = await PostgresMessageStore.OpenAsync(options);
        Assert.Equal(0, await store.GetLastSeqAsync("nothing"));
    }

    [Fact]
    public async Task The_Orleans_query_table_holds_every_query_the_providers_read()
    {
        await PostgresMessageStore.MigrateAsync(new PostgresStoreOptions { ConnectionString = _connectionString });

        string[] expected =
        [
            // clustering
            "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
            "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
            "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
            // grain persistence
            "ClearStorageKey", "ReadFromStorageKey", "WriteToStorageKey",
            // reminders
            "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
            "ReadReminderRowsKey", "UpsertReminderRowKey",
        ];
        var stored = (string)(await ScalarAsync("SELECT string_agg(QueryKey, ',' ORDER BY QueryKey COLLATE \"C\") FROM OrleansQuery"))!;
        Assert.Equal(string.Join(",", expected.Order(StringComparer.Ordinal)), stored);
    }
}
