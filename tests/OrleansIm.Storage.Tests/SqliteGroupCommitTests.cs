using OrleansIm.Grains.Storage;
using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Storage.Tests;

public sealed class SqliteGroupCommitTests : GroupCommitContract
{
    private readonly TempDatabase _database = new();

    protected override async Task<GroupCommitMessageStore> OpenPausedAsync(int maxBatchSize = 512) =>
        await SqliteMessageStore.OpenPausedAsync(_database.Options(maxBatchSize));

    public override Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}
