using OrleansIm.Deployment.Tests.Rendering;
using OrleansIm.ProcessHost;

namespace OrleansIm.Deployment.Tests.Manifests;

/// <summary>k8s/monitoring: the adapter rule serves the metric the gateway autoscaler asks for, and every alert can be acted on.</summary>
public sealed class MonitoringTests
{
    private static readonly string Folder = Path.Combine(BuildOutput.RepositoryRoot(), "k8s", "monitoring");

    [Fact]
    public async Task The_adapter_rule_serves_the_metric_the_gateway_autoscaler_uses_per_pod()
    {
        var rendered = await RenderedOverlay.LoadAsync(Overlays.Production);
        var wanted = rendered.OfKind("HorizontalPodAutoscaler")
            .SelectMany(h => h.Objects("spec", "metrics"))
            .Where(m => m.Text("type") == "Pods")
            .Select(m => m.Text("pods", "metric", "name"));
        var rules = YamlDocuments.Parse(File.ReadAllText(Path.Combine(Folder, "prometheus-adapter-rules.yaml"))).Single().Objects("rules", "custom");

        foreach (var metric in wanted)
        {
            var rule = Assert.Single(rules, r => r.Text("name", "as") == metric);
            Assert.Equal("pod", rule.Text("resources", "overrides", "pod", "resource"));
            Assert.Equal("namespace", rule.Text("resources", "overrides", "namespace", "resource"));
        }
    }

    [Fact]
    public void Every_alert_has_an_expression_a_severity_and_says_what_to_do()
    {
        var rule = YamlDocuments.Parse(File.ReadAllText(Path.Combine(Folder, "alerts.yaml"))).Single();
        var alerts = rule.Objects("spec", "groups").SelectMany(g => g.Objects("rules")).ToList();

        Assert.Equal("PrometheusRule", rule.Kind());
        Assert.NotEmpty(alerts);
        Assert.Equal(alerts.Count, alerts.Select(a => a.Text("alert")).Distinct().Count());
        var operations = File.ReadAllText(Path.Combine(BuildOutput.RepositoryRoot(), "docs", "operations.md"));
        foreach (var alert in alerts)
        {
            Assert.False(string.IsNullOrWhiteSpace(alert.Text("expr")), alert.Text("alert"));
            Assert.Contains(alert.Text("labels", "severity"), new[] { "critical", "warning", "info" });
            Assert.False(string.IsNullOrWhiteSpace(alert.Text("annotations", "summary")), alert.Text("alert"));
            Assert.False(string.IsNullOrWhiteSpace(alert.Text("annotations", "description")), alert.Text("alert"));
            Assert.Contains($"`{alert.Text("alert")}`", operations);
        }
    }
}
