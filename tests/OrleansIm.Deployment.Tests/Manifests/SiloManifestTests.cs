using Microsoft.Extensions.Hosting;
using OrleansIm.Deployment.Tests.Rendering;
using OrleansIm.Gateway.Hosting;
using OrleansIm.Silo.Hosting;

namespace OrleansIm.Deployment.Tests.Manifests;

/// <summary>The silo Deployment configures the silo the way it must run in a pod, checked against the silo's own options.</summary>
public sealed class SiloManifestTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Probes_and_the_scrape_annotation_use_the_silos_http_port_and_health_paths(string overlay)
    {
        var silo = await HostPod.SiloAsync(overlay);
        var node = silo.Configuration.Bind<NodeOptions>(NodeOptions.SectionName);
        node.Validate();

        silo.AssertHealthProbesAndScrapeOn(node.HttpUri.Port);
        Assert.Equal(new[] { node.HttpUri.Port, node.SiloPort, node.OrleansGatewayPort }.Order(), silo.Workload.ContainerPorts.Order());
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task The_silo_advertises_its_pod_ip_from_the_downward_api_and_serves_no_grpc(string overlay)
    {
        var pod = new PodContext { PodIp = "10.9.8.7", PodName = "orleansim-silo-5d8f-abcde" };
        var silo = await HostPod.SiloAsync(overlay, pod);
        var node = silo.Configuration.Bind<NodeOptions>(NodeOptions.SectionName);

        Assert.Equal(pod.PodIp, node.AdvertisedAddress);
        Assert.True(node.ListenOnAnyAddress, "The Orleans ports must listen on the pod's interface, not loopback.");
        Assert.False(node.HostGateway, "Silos run behind the gateway Deployment (OrleansIm__Node__HostGateway=false).");
        Assert.False(ListenAddress.IsLoopback(node.HttpUri), "Probes and Prometheus reach the HTTP port at the pod IP.");
        Assert.Equal(pod.PodName, silo.Environment["POD_NAME"]);
        Assert.Contains($"k8s.pod.name={pod.PodName}", silo.Environment["OTEL_RESOURCE_ATTRIBUTES"]);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Silos_and_gateways_join_one_postgres_cluster(string overlay)
    {
        var silo = await HostPod.SiloAsync(overlay);
        var gateway = await HostPod.GatewayAsync(overlay);
        var siloCluster = ClusterMembership.Read(silo.Configuration);
        var gatewayCluster = ClusterMembership.Read(gateway.Configuration);

        Assert.Equal(MembershipBackend.Postgres, siloCluster.Backend);
        Assert.Equal(MembershipBackend.Postgres, gatewayCluster.Backend);
        Assert.Equal(siloCluster.ClusterId, gatewayCluster.ClusterId);
        Assert.Equal(siloCluster.ServiceId, gatewayCluster.ServiceId);
        Assert.Equal(siloCluster.ConnectionString, gatewayCluster.ConnectionString);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task An_init_container_migrates_the_schema_before_the_silo_starts(string overlay)
    {
        var silo = await HostPod.SiloAsync(overlay);
        var migrate = Assert.Single(silo.Workload.InitContainers);
        var environment = ContainerEnvironment.Resolve(silo.Overlay, silo.Workload, migrate, new PodContext());

        Assert.Equal(silo.Container.Text("image"), migrate.Text("image"));
        Assert.Equal(["migrate"], migrate.Strings("args"));
        Assert.Equal(silo.Environment[ClusterMembership.PostgresConnectionStringKey.Replace(":", "__")], environment[ClusterMembership.PostgresConnectionStringKey.Replace(":", "__")]);
        Assert.Equal("false", silo.Configuration["OrleansIm:Storage:Postgres:ApplyMigrations"]);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task The_termination_grace_period_outlasts_the_silos_shutdown(string overlay)
    {
        var silo = await HostPod.SiloAsync(overlay);
        // The silo does not change the .NET host's shutdown timeout; within it grains deactivate
        // (writing their state) and the silo leaves the membership table.
        var shutdown = new HostOptions().ShutdownTimeout;
        var grace = TimeSpan.FromSeconds(silo.Workload.PodSpec.Number("terminationGracePeriodSeconds") ?? 30);
        var preStop = TimeSpan.FromSeconds(silo.Container.Number("lifecycle", "preStop", "sleep", "seconds") ?? 0);

        Assert.True(grace >= preStop + shutdown + TimeSpan.FromSeconds(10),
            $"terminationGracePeriodSeconds {grace.TotalSeconds} must exceed preStop {preStop.TotalSeconds} s + host shutdown {shutdown.TotalSeconds} s by at least 10 s.");
    }
}
