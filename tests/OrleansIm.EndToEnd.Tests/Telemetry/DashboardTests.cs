using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansIm.EndToEnd.Tests.Support;
using OrleansIm.ProcessHost;

namespace OrleansIm.EndToEnd.Tests.Telemetry;

/// <summary>
/// The Grafana dashboard and the Kubernetes monitoring rules cannot rot: every metric their
/// queries read is one a real node exports on /metrics once it has carried a message.
/// </summary>
public sealed partial class DashboardTests : IAsyncLifetime
{
    private readonly NodeProcess _node = new();

    public Task InitializeAsync() => _node.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_exported_by_a_node_that_carried_a_message()
    {
        var exported = await ScrapeAfterAMessageAsync();
        var queries = DashboardQueries();
        Assert.NotEmpty(queries);
        var read = queries.SelectMany(q => PromQlMetricNames.Of(q).Select(name => (name, q))).ToList();
        Assert.Contains(read, r => r.name.StartsWith("orleansim_", StringComparison.Ordinal));
        var missing = read.Where(r => !exported.Contains(r.name)).Select(r => $"{r.name} (in: {r.q})").Distinct().ToList();
        Assert.True(missing.Count == 0, $"The dashboard reads metrics the node does not export:\n{string.Join("\n", missing)}\nExported: {string.Join(", ", exported.Order())}");
    }

    [Fact]
    public async Task Every_orleansim_metric_the_alerts_and_the_autoscaler_rule_read_is_exported_by_a_node_that_carried_a_message()
    {
        var exported = await ScrapeAfterAMessageAsync();
        // kube_* series come from kube-state-metrics, not from the node: only our own names are checked.
        foreach (var file in new[] { "alerts.yaml", "prometheus-adapter-rules.yaml" })
        {
            var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "k8s", "monitoring", file));
            var read = OrleansImMetricName().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(read);
            var missing = read.Where(name => !exported.Contains(name)).ToList();
            Assert.True(missing.Count == 0, $"k8s/monitoring/{file} reads metrics the node does not export: {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void The_query_reader_finds_metric_names_and_skips_functions_labels_and_keywords()
    {
        var names = PromQlMetricNames.Of("histogram_quantile(0.99, sum by (le, backend) (rate(orleansim_store_commit_duration_seconds_bucket{instance=~\"$instance\",x=\"a{b}\"}[$__rate_interval]))) / on (instance) group_left max(up offset 5m)");
        Assert.Equal(new HashSet<string> { "orleansim_store_commit_duration_seconds_bucket", "up" }, names);
    }

    /// <summary>Some series appear only once they have a value: carry one message first.</summary>
    private async Task<HashSet<string>> ScrapeAfterAMessageAsync()
    {
        var alice = Clients.Unique("alice");
        var bob = Clients.Unique("bob");
        await using var alicePhone = await Clients.StartAsync(_node, alice, "phone");
        await using var bobPhone = await Clients.StartAsync(_node, bob, "phone");
        var conversation = await alicePhone.Client.OpenDirectAsync(bob);
        await alicePhone.Client.SendTextAsync(conversation.Id, "measured");
        await bobPhone.WaitUntilAsync(d => d.Messages(conversation.Id).Count == 1, "the message");
        return await ScrapeAsync();
    }

    private async Task<HashSet<string>> ScrapeAsync()
    {
        using var http = new HttpClient { BaseAddress = _node.HttpAddress };
        var text = await http.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every PromQL expression of dashboards/orleansim.json: panel targets and template variable queries.</summary>
    private static List<string> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "dashboards", "orleansim.json")));
        var queries = new List<string>();
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            if (panel.TryGetProperty("targets", out var targets))
            {
                queries.AddRange(targets.EnumerateArray().Select(t => t.GetProperty("expr").GetString()!));
            }
        }
        foreach (var variable in dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.GetProperty("type").GetString() == "query")
            {
                // label_values(metric, label): the metric must exist too.
                var query = variable.GetProperty("query").GetProperty("query").GetString()!;
                queries.Add(query.Replace("label_values(", "(", StringComparison.Ordinal).Split(',')[0] + ")");
            }
        }
        return queries;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansIm.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException($"No OrleansIm.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"\borleansim_[a-z0-9_]+")]
    private static partial Regex OrleansImMetricName();
}
