using System.Text.Json.Nodes;
using OrleansIm.Deployment.Tests.Rendering;
using OrleansIm.Gateway.Hosting;
using OrleansIm.Silo.Hosting;

namespace OrleansIm.Deployment.Tests.Manifests;

/// <summary>Who may reach which port: silos each other, gateways the Orleans gateway port, clients the gRPC port, Prometheus the HTTP ports.</summary>
public sealed class NetworkPolicyTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Silo_ports_are_open_to_silos_and_gateways_only(string overlay)
    {
        var silo = await HostPod.SiloAsync(overlay);
        var gateway = await HostPod.GatewayAsync(overlay);
        var node = silo.Configuration.Bind<NodeOptions>(NodeOptions.SectionName);
        var policy = PolicyFor(silo.Overlay, silo.Workload);

        Assert.True(AllowsFromPods(policy, silo.Workload.PodLabels, node.SiloPort), "silo to silo");
        Assert.True(AllowsFromPods(policy, silo.Workload.PodLabels, node.OrleansGatewayPort), "silo to Orleans gateway port");
        Assert.True(AllowsFromPods(policy, gateway.Workload.PodLabels, node.OrleansGatewayPort), "gateway to Orleans gateway port");
        Assert.False(AllowsFromPods(policy, gateway.Workload.PodLabels, node.SiloPort), "gateways must not reach the silo-to-silo port");
        Assert.False(AllowsFromPods(policy, new Dictionary<string, string> { ["app"] = "anything-else" }, node.OrleansGatewayPort), "other pods must not reach the silos");
        Assert.True(AllowsFromOtherNamespace(policy, node.HttpUri.Port), "Prometheus to the HTTP port");
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task The_grpc_port_is_open_to_clients_and_the_http_port_to_prometheus(string overlay)
    {
        var gateway = await HostPod.GatewayAsync(overlay);
        var host = gateway.Configuration.Bind<GatewayHostOptions>(GatewayHostOptions.SectionName);
        var policy = PolicyFor(gateway.Overlay, gateway.Workload);

        Assert.Contains(policy.Objects("spec", "ingress"), rule => rule.At("from") is null && Ports(rule).Contains(host.GrpcUri.Port));
        Assert.True(AllowsFromOtherNamespace(policy, host.HttpUri.Port), "Prometheus to the HTTP port");
        Assert.DoesNotContain(policy.Objects("spec", "ingress"), rule => rule.At("from") is null && Ports(rule).Contains(host.HttpUri.Port));
    }

    [Fact]
    public async Task The_dev_database_is_open_to_silos_and_gateways_only()
    {
        var rendered = await RenderedOverlay.LoadAsync(Overlays.Dev);
        var database = new PodWorkload(rendered.Get("StatefulSet", "orleansim-postgres"));
        var policy = PolicyFor(rendered, database);

        Assert.True(AllowsFromPods(policy, rendered.Deployment(HostPod.SiloDeployment).PodLabels, 5432));
        Assert.True(AllowsFromPods(policy, rendered.Deployment(HostPod.GatewayDeployment).PodLabels, 5432));
        Assert.False(AllowsFromPods(policy, new Dictionary<string, string> { ["app"] = "anything-else" }, 5432));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_policy_applies_to_a_workload(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        foreach (var policy in rendered.OfKind("NetworkPolicy"))
        {
            Assert.Single(rendered.WorkloadsSelectedBy(policy.Map("spec", "podSelector", "matchLabels")));
        }
    }

    private static JsonObject PolicyFor(RenderedOverlay rendered, PodWorkload workload) =>
        Assert.Single(rendered.OfKind("NetworkPolicy"), p => p.Map("spec", "podSelector", "matchLabels").Selects(workload.PodLabels));

    private static IReadOnlyList<int> Ports(JsonObject rule) => [.. rule.Objects("ports").Select(p => p.Number("port") ?? 0)];

    private static bool CoversPort(JsonObject rule, int port) => rule.At("ports") is null || Ports(rule).Contains(port);

    /// <summary>Pods of this namespace with these labels may connect to the port.</summary>
    private static bool AllowsFromPods(JsonObject policy, IReadOnlyDictionary<string, string> labels, int port) =>
        policy.Objects("spec", "ingress").Any(rule => CoversPort(rule, port) && (rule.At("from") is null || rule.Objects("from").Any(peer =>
            peer.At("namespaceSelector") is null && peer.At("ipBlock") is null && peer.Map("podSelector", "matchLabels").Selects(labels))));

    private static bool AllowsFromOtherNamespace(JsonObject policy, int port) =>
        policy.Objects("spec", "ingress").Any(rule => CoversPort(rule, port) && rule.Objects("from").Any(peer => peer.At("namespaceSelector") is not null));
}
