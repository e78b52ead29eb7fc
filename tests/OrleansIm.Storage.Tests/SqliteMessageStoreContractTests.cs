using OrleansIm.Grains.Storage;

namespace OrleansIm.Storage.Tests;

public sealed class SqliteMessageStoreContractTests : MessageStoreContract
{
    private readonly TempDatabase _database = new();

    protected override async Task<IMessageStore> CreateStoreAsync() => await _database.OpenAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _database.Dispose();
    }
}
