using OrleansIm.Bench.Core;
using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Targets;

/// <summary>
/// The bare gRPC relay (bench/Relay): the same contract, frames and connection pattern as the
/// gateway, with no grains and no storage. The node's figures are read as ratios of its.
/// </summary>
public sealed class RelayTarget : ITarget
{
    private readonly ChildProcess _process = new();
    private readonly int _grpcPort = FreePorts.Next();
    private readonly int _httpPort = FreePorts.Next();

    public string Name => "bare-relay";

    public IReadOnlyList<Uri> GrpcEndpoints => [new($"http://127.0.0.1:{_grpcPort}")];

    public Uri? DiagnosticsEndpoint => new($"http://127.0.0.1:{_httpPort}/debug/memory");

    public Task<ProcessStats?> StatsAsync(CancellationToken cancellationToken = default) => Task.FromResult<ProcessStats?>(_process.Stats());

    public Task StartAsync() => _process.StartAsync(
        BuildOutput.Assembly(Path.Combine("bench", "Relay"), "OrleansIm.Bench.Relay.dll"),
        new Dictionary<string, string>
        {
            ["RELAY_GRPC_PORT"] = _grpcPort.ToString(),
            ["RELAY_HTTP_PORT"] = _httpPort.ToString(),
        },
        new Uri($"http://127.0.0.1:{_httpPort}/readyz"),
        TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
