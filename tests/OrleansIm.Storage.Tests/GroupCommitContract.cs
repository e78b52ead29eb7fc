using System.Data.Common;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Storage;
using static OrleansIm.Storage.Tests.Messages;

namespace OrleansIm.Storage.Tests;

/// <summary>
/// How every backend's group-commit writer behaves. A backend's test class inherits this and
/// opens stores on one empty database of the test's own.
/// </summary>
public abstract class GroupCommitContract : IAsyncLifetime
{
    /// <summary>Opens a store on the test's database (the same database every call) with its writer running.</summary>
    protected async Task<GroupCommitMessageStore> OpenAsync(int maxBatchSize = 512)
    {
        var store = await OpenPausedAsync(maxBatchSize);
        store.StartWriter();
        return store;
    }

    /// <summary>Opens a store on the test's database whose writer has not started, so a test decides what one batch holds.</summary>
    protected abstract Task<GroupCommitMessageStore> OpenPausedAsync(int maxBatchSize = 512);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Concurrent_appends_all_commit_in_fewer_transactions_than_writes()
    {
        await using var store = await OpenAsync();
        var conversations = Enumerable.Range(0, 20).Select(_ => NewConversation()).ToArray();

        // 20 conversations x 10 sends, all in flight at once from the thread pool.
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => store.AppendMessageAsync(Text(conversations[i % 20], i / 20 + 1)))));

        Assert.Equal(200, store.Statistics.WritesCommitted);
        Assert.InRange(store.Statistics.TransactionsCommitted, 1, 199);
        foreach (var conversation in conversations)
        {
            var history = await store.ReadMessagesAsync(conversation, 0, HistoryDirection.Forward, 100);
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), history.Select(m => m.Seq));
        }
    }

    [Fact]
    public async Task Writes_queued_together_commit_in_one_transaction()
    {
        await using var store = await OpenPausedAsync();
        var conversation = NewConversation();
        var writes = Enumerable.Range(1, 200).Select(seq => store.AppendMessageAsync(Text(conversation, seq))).ToList();
        writes.Add(store.AppendSyncEventsAsync("bob", [new StoredSyncEvent(1, SyncEventKind.Message, conversation, 1, "alice", 1)]));
        writes.Add(store.SaveReadPositionAsync(conversation, "bob", 200));
        Assert.All(writes, write => Assert.False(write.IsCompleted));

        store.StartWriter();
        await Task.WhenAll(writes);

        Assert.Equal(1, store.Statistics.TransactionsCommitted);
        Assert.Equal(202, store.Statistics.WritesCommitted);
        Assert.Equal(200, await store.GetLastSeqAsync(conversation));
    }

    [Fact]
    public async Task Each_batch_is_measured_once_with_its_size_duration_and_backend()
    {
        using var measurements = new StoreMeasurements();
        await using var store = await OpenPausedAsync();
        var backend = store is OrleansIm.Grains.Storage.Sqlite.SqliteMessageStore ? "sqlite" : "postgres";
        var conversation = NewConversation();
        // An odd size, so this batch is told apart from those of other tests running meanwhile.
        var writes = Enumerable.Range(1, 37).Select(seq => store.AppendMessageAsync(Text(conversation, seq))).ToList();

        store.StartWriter();
        await Task.WhenAll(writes);

        Assert.Contains(measurements.Of("orleansim.store.batch.size"), m => m.Value == 37 && m.Tags["backend"] == backend);
        Assert.Contains(measurements.Of("orleansim.store.commit.duration"), m => m.Value >= 0 && m.Tags["backend"] == backend && m.Tags["outcome"] == "committed");
    }

    [Fact]
    public async Task A_batch_records_each_conversations_highest_seq_for_delivery_tracking()
    {
        await using var store = await OpenPausedAsync();
        var busy = NewConversation();
        var quiet = NewConversation();
        var writes = new List<Task>
        {
            store.AppendMessageAsync(Text(busy, 1)),
            store.AppendMessageAsync(Text(quiet, 1)),
            store.AppendMessageAsync(Text(busy, 2)),
            store.AppendMessageAsync(Text(busy, 3)),
        };

        store.StartWriter();
        await Task.WhenAll(writes);
        Assert.Equal(1, store.Statistics.TransactionsCommitted);

        await store.MarkDeliveredAsync(busy, 2);
        await store.MarkDeliveredAsync(quiet, 1);
        Assert.Equal([busy], await store.ListUndeliveredConversationsAsync("", 100));
        await store.MarkDeliveredAsync(busy, 3);
        Assert.Empty(await store.ListUndeliveredConversationsAsync("", 100));
    }

    [Fact]
    public async Task A_batch_holds_at_most_the_configured_number_of_writes()
    {
        await using var store = await OpenPausedAsync(maxBatchSize: 50);
        var conversation = NewConversation();
        var writes = Enumerable.Range(1, 200).Select(seq => store.AppendMessageAsync(Text(conversation, seq))).ToArray();

        store.StartWriter();
        await Task.WhenAll(writes);

        Assert.Equal(4, store.Statistics.TransactionsCommitted);
    }

    [Fact]
    public async Task A_failed_transaction_fails_every_write_of_its_batch_and_stores_none_of_them()
    {
        var conversation = NewConversation();
        await using (var first = await OpenAsync())
        {
            await first.AppendMessageAsync(Text(conversation, 1));
        }

        await using var store = await OpenPausedAsync();
        var good = store.AppendMessageAsync(Text(conversation, 2));
        var duplicate = store.AppendMessageAsync(Text(conversation, 1, text: "same seq again"));
        var sync = store.AppendSyncEventsAsync("bob", [new StoredSyncEvent(1, SyncEventKind.Message, conversation, 2, "alice", 1)]);
        var read = store.SaveReadPositionAsync(conversation, "bob", 2);
        var edit = store.AppendMessageAsync(With(conversation, 3, "alice", new EditBody(1, new TextBody("x"))), new MessageUpdate(1, new TextBody("x"), 1, false));
        store.StartWriter();

        foreach (var write in new[] { good, duplicate, sync, read, edit })
        {
            // The backend's own error (a primary-key violation) reaches every write of the batch.
            await Assert.ThrowsAnyAsync<DbException>(() => write);
        }

        Assert.Equal(1, store.Statistics.TransactionsFailed);
        Assert.Equal(5, store.Statistics.WritesFailed);
        Assert.Equal(1, await store.GetLastSeqAsync(conversation));
        Assert.Equal(new TextBody("message 1"), (await store.GetMessageAsync(conversation, 1))!.Body);
        Assert.Empty(await store.ReadSyncEventsAsync("bob", 0, 10));
        Assert.Empty(await store.ReadReadPositionsAsync(conversation));

        await store.AppendMessageAsync(Text(conversation, 2));
        Assert.Equal(2, await store.GetLastSeqAsync(conversation));
        Assert.Equal(1, store.Statistics.TransactionsCommitted);
    }

    [Fact]
    public async Task Disposing_commits_what_is_queued_and_refuses_later_writes()
    {
        var conversation = NewConversation();
        var store = await OpenPausedAsync();
        var writes = Enumerable.Range(1, 10).Select(seq => store.AppendMessageAsync(Text(conversation, seq))).ToArray();

        await store.DisposeAsync();

        Assert.All(writes, write => Assert.True(write.IsCompletedSuccessfully));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendMessageAsync(Text(conversation, 11)));
        await using var reopened = await OpenAsync();
        Assert.Equal(10, await reopened.GetLastSeqAsync(conversation));
    }

    [Fact]
    public async Task A_write_cancelled_before_it_is_queued_is_not_stored()
    {
        await using var store = await OpenAsync();
        var conversation = NewConversation();

        var write = store.AppendMessageAsync(Text(conversation, 1), cancellationToken: new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        Assert.Equal(0, await store.GetLastSeqAsync(conversation));
        Assert.Equal(0, store.Statistics.WritesCommitted + store.Statistics.WritesFailed);
    }
}
