using Npgsql;
using OrleansIm.Grains.Interfaces.Users;
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

    [Fact]
    public async Task The_writer_prepares_each_statement_once_on_its_connection()
    {
        await using var store = (PostgresMessageStore)await OpenAsync();
        var conversation = NewConversation();
        for (var seq = 1; seq <= 3; seq++)
        {
            await store.AppendMessageAsync(Text(conversation, seq));
            await store.AppendSyncEventsAsync("bob", [new StoredSyncEvent(seq, SyncEventKind.Message, conversation, seq, "alice", seq)]);
            await store.SaveReadPositionAsync(conversation, "bob", seq);
            await store.MarkDeliveredAsync(conversation, seq);
        }

        // Every write above was awaited, so the writer is idle and its connection free to ask.
        await using var command = new NpgsqlCommand("SELECT statement FROM pg_prepared_statements", store.IdleWriterConnection);
        var prepared = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                prepared.Add(reader.GetString(0).TrimStart());
            }
        }

        foreach (var table in new[] { "message", "user_sync_event", "read_position", "conversation_delivery" })
        {
            Assert.Contains(prepared, statement => statement.StartsWith($"INSERT INTO {table} ", StringComparison.Ordinal));
        }
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
