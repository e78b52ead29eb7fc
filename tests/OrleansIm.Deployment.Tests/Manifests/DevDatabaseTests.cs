using Npgsql;
using OrleansIm.Deployment.Tests.Rendering;
using OrleansIm.Gateway.Hosting;

namespace OrleansIm.Deployment.Tests.Manifests;

/// <summary>The dev overlay's in-cluster PostgreSQL: persistent, reachable by the name the connection string uses.</summary>
public sealed class DevDatabaseTests
{
    [Fact]
    public async Task PostgreSQL_keeps_its_data_on_a_claim_and_is_reached_through_its_service()
    {
        var silo = await HostPod.SiloAsync(Overlays.Dev);
        var database = new PodWorkload(silo.Overlay.Get("StatefulSet", "orleansim-postgres"));
        var postgres = database.Container("postgres");
        var claim = Assert.Single(database.Resource.Objects("spec", "volumeClaimTemplates"));
        var dataMount = postgres.Objects("volumeMounts").Single(m => m.Text("name") == claim.Name());
        var environment = ContainerEnvironment.Resolve(silo.Overlay, database, postgres, new PodContext());
        var connection = new NpgsqlConnectionStringBuilder(silo.Configuration[ClusterMembership.PostgresConnectionStringKey]);
        var service = silo.Overlay.Get("Service", connection.Host!);

        Assert.StartsWith(dataMount.Text("mountPath")! + "/", environment["PGDATA"]);
        Assert.Equal(["orleansim-postgres"], silo.Overlay.WorkloadsSelectedBy(service.Map("spec", "selector")).Select(w => w.Name));
        Assert.Contains(service.Objects("spec", "ports"), p => p.Number("port") == connection.Port);
        Assert.Equal(environment["POSTGRES_USER"], connection.Username);
        Assert.Equal(environment["POSTGRES_PASSWORD"], connection.Password);
        Assert.Equal(environment["POSTGRES_DB"], connection.Database);
    }
}
