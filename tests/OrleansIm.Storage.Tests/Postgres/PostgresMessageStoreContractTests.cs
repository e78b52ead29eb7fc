using OrleansIm.Grains.Storage;
using OrleansIm.Grains.Storage.Postgres;

namespace OrleansIm.Storage.Tests.Postgres;

/// <summary>The contract every backend passes, on PostgreSQL: each test gets a database of its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMessageStoreContractTests(PostgresFixture postgres) : MessageStoreContract
{
    protected override async Task<IMessageStore> CreateStoreAsync() => await PostgresMessageStore.OpenAsync(await postgres.NewStoreOptionsAsync());
}
