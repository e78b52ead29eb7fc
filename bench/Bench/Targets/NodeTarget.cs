using OrleansIm.Bench.Core;
using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Targets;

/// <summary>The OrleansIm node started by the harness as its own process on embedded SQLite.</summary>
/// <param name="settings">Configuration on top of <see cref="NodeSettings.ForBench"/>, e.g. a scenario's raised limits.</param>
public sealed class NodeTarget(IReadOnlyDictionary<string, string>? settings = null) : ITarget
{
    private readonly NodeProcess _node = new(settings: NodeSettings.ForBench(settings is null ? null : new Dictionary<string, string>(settings)));

    public string Name => "orleansim";

    public IReadOnlyList<Uri> GrpcEndpoints => [_node.GrpcAddress];

    public Uri? DiagnosticsEndpoint => new(_node.HttpAddress, "/debug/memory");

    public IReadOnlyList<Uri> MetricsEndpoints => [new(_node.HttpAddress, "/metrics")];

    public Task<ProcessStats?> StatsAsync(CancellationToken cancellationToken = default) => Task.FromResult<ProcessStats?>(_node.Stats());

    /// <summary>The node's data folder: its SQLite files, which a scenario may read (read-only) to count rows.</summary>
    public string DataDirectory => _node.DataDirectory;

    public Task StartAsync() => _node.StartAsync();

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
