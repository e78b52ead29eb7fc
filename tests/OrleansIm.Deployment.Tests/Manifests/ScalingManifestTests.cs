using OrleansIm.Deployment.Tests.Rendering;

namespace OrleansIm.Deployment.Tests.Manifests;

/// <summary>Disruption budgets and autoscalers: one of each per Deployment, aimed at the right pods and metrics.</summary>
public sealed class ScalingManifestTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Each_deployment_has_a_disruption_budget_that_lets_one_pod_go_at_a_time(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var budgets = rendered.OfKind("PodDisruptionBudget").ToList();
        foreach (var deployment in rendered.OfKind("Deployment").Select(d => new PodWorkload(d)))
        {
            var budget = Assert.Single(budgets, b => b.Map("spec", "selector", "matchLabels").Selects(deployment.PodLabels));
            Assert.Equal([deployment.Name], rendered.WorkloadsSelectedBy(budget.Map("spec", "selector", "matchLabels")).Select(w => w.Name));
            Assert.Equal(1, budget.Number("spec", "maxUnavailable"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Silos_scale_on_cpu(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var autoscaler = AutoscalerOf(rendered, HostPod.SiloDeployment);

        Assert.Contains(autoscaler.Objects("spec", "metrics"), m => m.Text("type") == "Resource" && m.Text("resource", "name") == "cpu");
        AssertBounds(overlay, autoscaler);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Gateways_scale_on_cpu_and_on_open_streams_per_pod(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var autoscaler = AutoscalerOf(rendered, HostPod.GatewayDeployment);
        var metrics = autoscaler.Objects("spec", "metrics");

        Assert.Contains(metrics, m => m.Text("type") == "Resource" && m.Text("resource", "name") == "cpu");
        var connections = Assert.Single(metrics, m => m.Text("type") == "Pods");
        Assert.Equal("orleansim_gateway_connections", connections.Text("pods", "metric", "name"));
        Assert.Equal("AverageValue", connections.Text("pods", "target", "type"));
        Assert.True(int.Parse(connections.Text("pods", "target", "averageValue")!) > 0);
        AssertBounds(overlay, autoscaler);
    }

    private static System.Text.Json.Nodes.JsonObject AutoscalerOf(RenderedOverlay rendered, string deployment)
    {
        var autoscaler = Assert.Single(rendered.OfKind("HorizontalPodAutoscaler"), h => h.Text("spec", "scaleTargetRef", "name") == deployment);
        Assert.Equal("Deployment", autoscaler.Text("spec", "scaleTargetRef", "kind"));
        Assert.Equal("autoscaling/v2", autoscaler.Text("apiVersion"));
        return autoscaler;
    }

    private static void AssertBounds(string overlay, System.Text.Json.Nodes.JsonObject autoscaler)
    {
        var min = autoscaler.Number("spec", "minReplicas") ?? 1;
        var max = autoscaler.Number("spec", "maxReplicas") ?? 0;
        Assert.True(max >= min, $"{autoscaler.Name()}: maxReplicas {max} < minReplicas {min}.");
        if (overlay == Overlays.Production)
        {
            // With one pod, its disruption budget would block every node drain, or the pod would take all traffic down with it.
            Assert.True(min >= 2, $"{autoscaler.Name()}: production needs at least 2 replicas.");
        }
    }
}
