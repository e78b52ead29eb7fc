using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Core;

/// <summary>A system under load: the node, the bare relay, or endpoints someone else runs.</summary>
public interface ITarget : IAsyncDisposable
{
    /// <summary>Short name used in the report, e.g. "orleansim" or "bare-relay".</summary>
    string Name { get; }

    IReadOnlyList<Uri> GrpcEndpoints { get; }

    /// <summary>
    /// Whether the server shares this machine with the load generator, so that its CPU is part
    /// of the machine's busy time (what is left is "other" work, e.g. someone's build).
    /// </summary>
    bool RunsOnThisMachine => true;

    /// <summary>Where GET /debug/memory answers, when the target exposes it.</summary>
    Uri? DiagnosticsEndpoint { get; }

    /// <summary>
    /// Where the server's Prometheus scrapes answer, one per process (its runtime's allocation
    /// and GC totals, its own latency histograms); empty when it has none.
    /// </summary>
    IReadOnlyList<Uri> MetricsEndpoints => [];

    /// <summary>CPU and memory of the server's processes; null when the harness can see neither (it did not start them and has no scrape of them).</summary>
    Task<ProcessStats?> StatsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// CPU used so far by the target's database server, when that is a separate process the
    /// harness started (PostgreSQL); null where storage runs inside <see cref="Stats"/>'s processes
    /// or on a server the harness cannot see.
    /// </summary>
    TimeSpan? DatabaseCpuTime() => null;

    Task StartAsync();
}
