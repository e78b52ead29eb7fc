using OrleansIm.Bench.Core;
using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Targets;

/// <summary>Gateways someone else runs (an operator's cluster): loaded, not started or measured from inside.</summary>
public sealed class ExternalTarget(IReadOnlyList<Uri> endpoints) : ITarget
{
    public string Name => "external";

    public IReadOnlyList<Uri> GrpcEndpoints => endpoints;

    public Uri? DiagnosticsEndpoint => null;

    public ProcessStats? Stats() => null;

    public Task StartAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
