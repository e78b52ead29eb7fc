using OrleansIm.Bench.Core;
using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Targets;

/// <summary>The OrleansIm node started by the harness as its own process on embedded SQLite.</summary>
public sealed class NodeTarget : ITarget
{
    private readonly NodeProcess _node = new(settings: NodeSettings.ForBench());

    public string Name => "orleansim";

    public IReadOnlyList<Uri> GrpcEndpoints => [_node.GrpcAddress];

    public Uri? DiagnosticsEndpoint => new(_node.HttpAddress, "/debug/memory");

    public ProcessStats? Stats() => _node.Stats();

    public Task StartAsync() => _node.StartAsync();

    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
