using OrleansIm.Grains.Storage.Sqlite;
using static OrleansIm.Storage.Tests.Messages;

namespace OrleansIm.Storage.Tests;

/// <summary>
/// The message store's writer never checkpoints the write-ahead log itself; a background thread
/// does it every <see cref="SqliteStoreOptions.CheckpointInterval"/>.
/// </summary>
public sealed class WalCheckpointTests
{
    // Comfortably past SQLite's own threshold of 1,000 pages (4 MiB), where the writer's COMMIT
    // would checkpoint if it were still allowed to.
    private const int Messages = 1_500;
    private static readonly string Body = new('x', 4_000);

    [Fact]
    public async Task The_writer_leaves_the_log_to_the_checkpointer()
    {
        using var database = new TempDatabase();
        var options = database.Options();
        options.CheckpointInterval = TimeSpan.FromMinutes(1);
        await using var store = await SqliteMessageStore.OpenAsync(options);
        var before = new FileInfo(store.DatabasePath).Length;

        await WriteAsync(store);

        Assert.Equal(0, store.Statistics.Checkpoints);
        Assert.True(new FileInfo(store.DatabasePath + "-wal").Length > Messages * Body.Length, "the log holds every write");
        Assert.Equal(before, new FileInfo(store.DatabasePath).Length);
    }

    [Fact]
    public async Task The_checkpointer_copies_the_log_into_the_database_file()
    {
        using var database = new TempDatabase();
        var options = database.Options();
        options.CheckpointInterval = TimeSpan.FromMilliseconds(20);
        await using var store = await SqliteMessageStore.OpenAsync(options);

        await WriteAsync(store);

        await Eventually.TrueAsync(
            () => Task.FromResult(new FileInfo(store.DatabasePath).Length > Messages * Body.Length),
            "the checkpointer to copy the messages into the database file");
        Assert.True(store.Statistics.Checkpoints > 0);
        Assert.Equal(0, store.Statistics.CheckpointFailures);
        Assert.Equal(Messages, (await store.ReadMessagesAsync("conv-wal", 0, Grains.Interfaces.Messages.HistoryDirection.Forward, Messages)).Count);
    }

    [Fact]
    public async Task An_interval_of_zero_leaves_checkpoints_to_sqlite()
    {
        using var database = new TempDatabase();
        var options = database.Options();
        options.CheckpointInterval = TimeSpan.Zero;
        await using var store = await SqliteMessageStore.OpenAsync(options);

        await WriteAsync(store);

        Assert.Equal(0, store.Statistics.Checkpoints);
        Assert.True(new FileInfo(store.DatabasePath).Length > 1_000 * 4_096 / 2, "SQLite's automatic checkpoint copied pages into the database file");
    }

    private static async Task WriteAsync(SqliteMessageStore store)
    {
        // Many small transactions, as under load: each commit appends to the log.
        for (var seq = 1; seq <= Messages; seq += 50)
        {
            var first = seq;
            await Task.WhenAll(Enumerable.Range(first, 50).Select(s => store.AppendMessageAsync(Text("conv-wal", s, text: Body))));
        }
    }
}
