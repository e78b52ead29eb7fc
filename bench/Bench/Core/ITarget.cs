using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Core;

/// <summary>A system under load: the node, the bare relay, or endpoints someone else runs.</summary>
public interface ITarget : IAsyncDisposable
{
    /// <summary>Short name used in the report, e.g. "orleansim" or "bare-relay".</summary>
    string Name { get; }

    IReadOnlyList<Uri> GrpcEndpoints { get; }

    /// <summary>Where GET /debug/memory answers, when the target exposes it.</summary>
    Uri? DiagnosticsEndpoint { get; }

    /// <summary>Where the server's Prometheus scrape answers (its runtime's allocation and GC totals), when it has one.</summary>
    Uri? MetricsEndpoint => null;

    /// <summary>CPU and memory of the server process; null when the harness did not start it.</summary>
    ProcessStats? Stats();

    /// <summary>
    /// CPU used so far by the target's database server, when that is a separate process the
    /// harness started (PostgreSQL); null where storage runs inside <see cref="Stats"/>'s processes
    /// or on a server the harness cannot see.
    /// </summary>
    TimeSpan? DatabaseCpuTime() => null;

    Task StartAsync();
}
