using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Storage.Tests.Orleans;

/// <summary>
/// One in-process silo whose "im" grain storage is Orleans' ADO.NET provider on a database
/// migrated by <see cref="SqliteMigrator"/>: the provider runs the project's own queries.
/// </summary>
public sealed class OrleansSqliteCluster : IAsyncLifetime
{
    public const string StorageName = "im";

    private readonly TempDatabase _database = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string ServiceId { get; } = "storage-tests-" + Guid.NewGuid().ToString("N")[..8];

    public IGrainStorage Storage => Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageName);

    public SqliteConnection Connect() => _database.ConnectGrainState();

    public async Task InitializeAsync()
    {
        // Opening the store is what a silo does before it starts: it applies the migrations.
        await using (await _database.OpenAsync())
        {
        }

        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.Options.ServiceId = ServiceId;
        var connectionString = _database.Options().GetGrainStateConnectionString();
        // Configured as the silo host does (Silo/Hosting/NodeHost.cs), binary state included.
        builder.ConfigureSilo((_, silo) => silo.AddAdoNetGrainStorage(StorageName, options => options.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = "System.Data.SQLite";
            o.ConnectionString = connectionString;
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        })));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _database.Dispose();
    }
}
