using Npgsql;
using OrleansIm.Grains.Storage;
using OrleansIm.Grains.Storage.Postgres;
using static OrleansIm.Storage.Tests.Messages;

namespace OrleansIm.Storage.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGroupCommitTests(PostgresFixture postgres) : GroupCommitContract
{
    private string _connectionString = "";

    public override async Task InitializeAsync() => _connectionString = await postgres.CreateDatabaseAsync();

    protected override async Task<GroupCommitMessageStore> OpenPausedAsync(int maxBatchSize = 512) =>
        await PostgresMessageStore.OpenPausedAsync(new PostgresStoreOptions { ConnectionString = _connectionString, MaxBatchSize = maxBatchSize });

    [Fact]
    public async Task A_broken_writer_connection_fails_its_batch_and_the_next_batch_reconnects()
    {
        await using var store = await OpenAsync();
        var conversation = NewConversation();
        await store.AppendMessageAsync(Text(conversation, 1));

        await TerminateWriterConnectionAsync();

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.AppendMessageAsync(Text(conversation, 2)));
        await store.AppendMessageAsync(Text(conversation, 2));
        Assert.Equal(2, await store.GetLastSeqAsync(conversation));
        Assert.Equal((2, 1), (store.Statistics.TransactionsCommitted, store.Statistics.TransactionsFailed));
    }

    /// <summary>What a server restart or a dropped proxy does to the writer, without disturbing the other tests' server.</summary>
    private async Task TerminateWriterConnectionAsync()
    {
        await using var admin = await PostgresFixture.ConnectAsync(_connectionString);
        const string writers = "FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'orleansim-store-writer'";
        await using (var terminate = new NpgsqlCommand($"SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) {writers}", admin))
        {
            Assert.Equal(1L, await terminate.ExecuteScalarAsync());
        }

        // pg_terminate_backend only signals; wait until the backend is gone, so the next write
        // cannot slip in before it dies.
        await using var remaining = new NpgsqlCommand($"SELECT count(*) {writers}", admin);
        await Eventually.TrueAsync(async () => (long)(await remaining.ExecuteScalarAsync())! == 0, "the writer's backend to exit");
    }
}
