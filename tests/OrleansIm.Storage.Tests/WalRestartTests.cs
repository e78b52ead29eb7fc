using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Storage.Sqlite;
using static OrleansIm.Storage.Tests.Messages;

namespace OrleansIm.Storage.Tests;

/// <summary>
/// Under steady writes with readers about, SQLite never starts the write-ahead log over by
/// itself; the writer does, once the log passes <see cref="SqliteStoreOptions.WalRestartMegabytes"/>.
/// </summary>
public sealed class WalRestartTests
{
    private const int Conversations = 8;
    private const int MessagesPerConversation = 400;
    private static readonly string Body = new('x', 3_000);

    [Fact]
    public async Task The_log_stays_near_its_limit_under_steady_writes_and_reads()
    {
        using var database = new TempDatabase();
        var options = database.Options();
        options.WalRestartMegabytes = 1;
        await using var store = await SqliteMessageStore.OpenAsync(options);
        var log = new FileInfo(store.DatabasePath + "-wal");
        long largest = 0;

        // Every conversation writes its messages back to back, so the writer always has a batch
        // waiting, while readers read history all along: ~9.6 MB of messages in all.
        using var writing = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() => ReadUntilAsync(store, writing.Token))).ToArray();
        await Task.WhenAll(Enumerable.Range(0, Conversations).Select(async c =>
        {
            for (var seq = 1; seq <= MessagesPerConversation; seq++)
            {
                await store.AppendMessageAsync(Text($"conv-restart-{c}", seq, text: Body));
                log.Refresh();
                InterlockedMax(ref largest, log.Exists ? log.Length : 0);
            }
        }));
        await writing.CancelAsync();
        await Task.WhenAll(readers);

        Assert.True(largest < 4 * options.WalRestartBytes, $"the log file reached {largest:N0} bytes; its limit is {options.WalRestartBytes:N0}");
        Assert.True(store.Statistics.WalRestarts > 0, $"the log was started over ({store.Statistics.WalRestarts} restarts, {store.Statistics.WalRestartsBusy} busy)");
        for (var c = 0; c < Conversations; c++)
        {
            var history = await store.ReadMessagesAsync($"conv-restart-{c}", 0, HistoryDirection.Forward, MessagesPerConversation);
            Assert.Equal(Enumerable.Range(1, MessagesPerConversation).Select(s => (long)s), history.Select(m => m.Seq));
        }
    }

    [Fact]
    public async Task The_background_checkpoint_catches_up_before_each_restart()
    {
        using var database = new TempDatabase();
        var options = database.Options();
        options.WalRestartMegabytes = 1;
        // Far longer than the test: every background pass it runs was asked for by a restart.
        options.CheckpointInterval = TimeSpan.FromMinutes(1);
        await using var store = await SqliteMessageStore.OpenAsync(options);

        await Task.WhenAll(Enumerable.Range(0, Conversations).Select(async c =>
        {
            for (var seq = 1; seq <= MessagesPerConversation; seq++)
            {
                await store.AppendMessageAsync(Text($"conv-catch-up-{c}", seq, text: Body));
            }
        }));

        var statistics = store.Statistics;
        Assert.True(statistics.WalRestarts > 0, "the log was never started over");
        // Each restart waits for two passes of its own; only a log past twice the limit (a
        // checkpointer that cannot keep up) restarts without them.
        Assert.True(statistics.Checkpoints + statistics.CheckpointFailures >= 2,
            $"{statistics.Checkpoints} background passes ({statistics.CheckpointFailures} failed) for {statistics.WalRestarts} restarts");
    }

    [Fact]
    public void The_limit_is_validated()
    {
        var options = new SqliteStoreOptions { WalRestartMegabytes = 0 };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(nameof(SqliteStoreOptions.WalRestartMegabytes), error.Message);
    }

    private static async Task ReadUntilAsync(SqliteMessageStore store, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await store.ReadMessagesAsync("conv-restart-0", 0, HistoryDirection.Backward, 20);
            // The store's reads may complete synchronously; this loop must not hold its thread.
            await Task.Yield();
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
