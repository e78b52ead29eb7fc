using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using OrleansIm.Grains.Storage;
using OrleansIm.Grains.Storage.Resilience;

namespace OrleansIm.Storage.Tests.Orleans;

/// <summary>
/// One in-process silo whose "im" grain storage is Orleans' ADO.NET provider on a database the
/// project migrated: the provider runs the project's own queries.
/// </summary>
public sealed class GrainStorageCluster : IAsyncDisposable
{
    public const string StorageName = "im";

    private readonly Func<DbConnection> _connect;

    private GrainStorageCluster(InProcessTestCluster cluster, string serviceId, Func<DbConnection> connect)
    {
        Cluster = cluster;
        ServiceId = serviceId;
        _connect = connect;
    }

    public InProcessTestCluster Cluster { get; }

    public string ServiceId { get; }

    public IGrainStorage Storage => Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageName);

    /// <summary>An open connection to the grain-state database, for looking at or tampering with its rows.</summary>
    public DbConnection Connect() => _connect();

    /// <param name="invariant">The provider's ADO.NET invariant ("System.Data.SQLite", "Npgsql").</param>
    /// <param name="connectionString">A database whose migrations are applied.</param>
    /// <param name="connect">Opens a connection to that database.</param>
    public static async Task<GrainStorageCluster> StartAsync(string invariant, string connectionString, Func<DbConnection> connect)
    {
        var serviceId = "storage-tests-" + Guid.NewGuid().ToString("N")[..8];
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.Options.ServiceId = serviceId;
        // The silo host's own stack (ImGrainStorage): binary state, one SQLite writer at a time, the breaker.
        builder.ConfigureSilo((_, silo) => silo.AddImGrainStorage(StorageName, invariant, connectionString, new StoreCircuitBreakerOptions()));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainStorageCluster(cluster, serviceId, connect);
    }

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
