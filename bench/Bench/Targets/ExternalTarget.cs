using OrleansIm.Bench.Core;
using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Targets;

/// <summary>
/// Gateways someone else runs (an operator's cluster): loaded, not started. With the
/// Prometheus scrapes of its processes (<c>--metrics</c>) the harness reads their CPU, memory,
/// allocation and own latencies from those; without, it reports none of them.
/// </summary>
public sealed class ExternalTarget(IReadOnlyList<Uri> endpoints, IReadOnlyList<Uri> metrics) : ITarget
{
    private readonly ScrapedProcessStats? _stats = metrics.Count > 0 ? new ScrapedProcessStats(metrics) : null;

    public string Name => "external";

    public IReadOnlyList<Uri> GrpcEndpoints => endpoints;

    /// <summary>Gateways on loopback are taken to run here with their silos; anywhere else, the cluster runs elsewhere.</summary>
    public bool RunsOnThisMachine => endpoints.All(e => e.IsLoopback);

    public Uri? DiagnosticsEndpoint => null;

    public IReadOnlyList<Uri> MetricsEndpoints => metrics;

    public Task<ProcessStats?> StatsAsync(CancellationToken cancellationToken = default) =>
        _stats?.ReadAsync(cancellationToken) ?? Task.FromResult<ProcessStats?>(null);

    public Task StartAsync() => _stats?.StartAsync(CancellationToken.None) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _stats?.DisposeAsync() ?? ValueTask.CompletedTask;
}
