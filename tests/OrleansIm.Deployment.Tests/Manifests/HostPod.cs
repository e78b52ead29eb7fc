using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using OrleansIm.Deployment.Tests.Rendering;

namespace OrleansIm.Deployment.Tests.Manifests;

/// <summary>
/// The silo's or the gateway's main container in a rendered overlay, with the environment it gets
/// and the configuration its process would bind from it.
/// </summary>
public sealed record HostPod(RenderedOverlay Overlay, PodWorkload Workload, JsonObject Container, IReadOnlyDictionary<string, string> Environment, IConfiguration Configuration)
{
    public const string SiloDeployment = "orleansim-silo";
    public const string GatewayDeployment = "orleansim-gateway";

    public static Task<HostPod> SiloAsync(string overlay, PodContext? pod = null) => LoadAsync(overlay, SiloDeployment, "silo", "Silo", pod);

    public static Task<HostPod> GatewayAsync(string overlay, PodContext? pod = null) => LoadAsync(overlay, GatewayDeployment, "gateway", "Gateway", pod);

    /// <summary>Startup and liveness on /healthz, readiness on /readyz, all on the HTTP port, which Prometheus scrapes too.</summary>
    public void AssertHealthProbesAndScrapeOn(int httpPort)
    {
        Assert.Equal("/readyz", Container.Text("readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", Container.Text("livenessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", Container.Text("startupProbe", "httpGet", "path"));
        foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
        {
            Assert.Equal(httpPort, ProbePort(probe));
        }
        Assert.Equal("true", Workload.PodAnnotations["prometheus.io/scrape"]);
        Assert.Equal(httpPort.ToString(), Workload.PodAnnotations["prometheus.io/port"]);
    }

    /// <summary>The port a probe of this container targets.</summary>
    public int ProbePort(string probe) =>
        Workload.ResolvePort(Container, Container.Text(probe, "httpGet", "port") ?? throw new Xunit.Sdk.XunitException($"{Workload.Name} has no httpGet {probe}."));

    private static async Task<HostPod> LoadAsync(string overlay, string deployment, string container, string projectFolder, PodContext? pod)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var workload = rendered.Deployment(deployment);
        var main = workload.Container(container);
        var environment = ContainerEnvironment.Resolve(rendered, workload, main, pod ?? new PodContext());
        return new HostPod(rendered, workload, main, environment, AppConfiguration.For(projectFolder, environment));
    }
}
