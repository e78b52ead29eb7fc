using Npgsql;
using OrleansIm.Grains.Storage.Postgres;
using OrleansIm.Grains.Storage.Resilience;
using static OrleansIm.Storage.Tests.Messages;

namespace OrleansIm.Storage.Tests.Postgres;

/// <summary>
/// The store's database stops taking connections (as when the server is down or unreachable) and
/// comes back. Only this test's database is blocked, so the collection's shared server and the
/// other tests' databases carry on.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCircuitBreakerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Repeated_failures_open_the_breaker_writes_then_fail_at_once_and_a_probe_closes_it_when_the_database_is_back()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var store = await PostgresMessageStore.OpenAsync(new PostgresStoreOptions
        {
            ConnectionString = connectionString,
            CircuitBreaker = new StoreCircuitBreakerOptions { FailureThreshold = 2, BreakDuration = TimeSpan.FromSeconds(3) },
        });
        var conversation = NewConversation();
        await store.AppendMessageAsync(Text(conversation, 1));

        await SetAllowConnectionsAsync(database, false);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.AppendMessageAsync(Text(conversation, 2)));
        Assert.False(store.IsFailing);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.AppendMessageAsync(Text(conversation, 2)));
        Assert.True(store.IsFailing);

        // Refused without being tried: not even queued, so not counted as a failed transaction.
        var failedBatches = store.Statistics.TransactionsFailed;
        var refused = store.AppendMessageAsync(Text(conversation, 2));
        Assert.True(refused.IsFaulted);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => refused);
        Assert.Equal(failedBatches, store.Statistics.TransactionsFailed);

        await SetAllowConnectionsAsync(database, true);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await store.AppendMessageAsync(Text(conversation, 2));
                return true;
            }
            catch (Exception e) when (e is StoreUnavailableException or NpgsqlException)
            {
                return false;
            }
        }, "a probe batch to close the breaker");

        Assert.False(store.IsFailing);
        await store.AppendMessageAsync(Text(conversation, 3));
        // Every failed batch left nothing behind: the seqs are contiguous and each stored once.
        Assert.Equal(3, await store.GetLastSeqAsync(conversation));
        Assert.Equal([1L, 2L, 3L], (await store.ReadMessagesAsync(conversation, 0, Grains.Interfaces.Messages.HistoryDirection.Forward, 10)).Select(m => m.Seq));
    }

    /// <summary>Blocks (or unblocks) new connections to the database and ends the ones it has, like a server that went away.</summary>
    private async Task SetAllowConnectionsAsync(string database, bool allow)
    {
        await using var admin = await PostgresFixture.ConnectAsync(postgres.Server.ConnectionString());
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS {(allow ? "true" : "false")}", admin))
        {
            await alter.ExecuteNonQueryAsync();
        }
        if (allow)
        {
            return;
        }
        await using (var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db", admin))
        {
            terminate.Parameters.AddWithValue("db", database);
            await terminate.ExecuteScalarAsync();
        }
        await using var remaining = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @db", admin);
        remaining.Parameters.AddWithValue("db", database);
        await Eventually.TrueAsync(async () => (long)(await remaining.ExecuteScalarAsync())! == 0, "the database's backends to exit");
    }
}
