using Npgsql;
using OrleansIm.Grains.Storage.Postgres;
using OrleansIm.Storage.Tests.Orleans;

namespace OrleansIm.Storage.Tests.Postgres;

/// <summary>Orleans' ADO.NET grain storage (invariant "Npgsql") on the PostgreSQL schema, through a real silo.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture postgres) : GrainStorageContract, IAsyncLifetime
{
    private GrainStorageCluster? _silo;

    protected override GrainStorageCluster Fixture => _silo!;

    public async Task InitializeAsync() => _silo = await postgres.SharedAsync("grain-storage", StartAsync);

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<GrainStorageCluster> StartAsync(PostgresFixture postgres)
    {
        var options = await postgres.NewStoreOptionsAsync();
        await PostgresMessageStore.MigrateAsync(options);
        return await GrainStorageCluster.StartAsync(PostgresStoreOptions.OrleansInvariant, options.ConnectionString, () =>
        {
            var connection = new NpgsqlConnection(options.ConnectionString);
            connection.Open();
            return connection;
        });
    }
}
