using OrleansIm.Bench.Core;
using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Targets;

/// <summary>
/// Two silos behind two standalone gateways on PostgreSQL, every one its own process on this
/// machine: the smallest cluster, to show what the extra hops cost. Clients are spread over both
/// gateways. <see cref="Stats"/> adds up all four processes: their CPU, and the sum of each one's
/// own peak resident memory (an upper bound on the peak they reached together).
/// </summary>
public sealed class ClusterTarget(string? connectionString) : ITarget
{
    private const int SiloCount = 2;
    private const int GatewayCount = 2;
    private readonly List<NodeProcess> _silos = [];
    private readonly List<GatewayProcess> _gateways = [];
    private PostgresDatabase? _database;

    public string Name => "orleansim-cluster";

    public IReadOnlyList<Uri> GrpcEndpoints => [.. _gateways.Select(g => g.GrpcAddress)];

    /// <summary>None: the heap of one of four processes says nothing about the cluster's cost per stream.</summary>
    public Uri? DiagnosticsEndpoint => null;

    /// <summary>Every silo's and gateway's scrape: allocation and the gateways' latencies are the cluster's.</summary>
    public IReadOnlyList<Uri> MetricsEndpoints =>
        [.. _silos.Select(s => new Uri(s.HttpAddress, "/metrics")), .. _gateways.Select(g => new Uri(g.HttpAddress, "/metrics"))];

    public Task<ProcessStats?> StatsAsync(CancellationToken cancellationToken = default)
    {
        if (_silos.Count == 0)
        {
            return Task.FromResult<ProcessStats?>(null);
        }
        var all = _silos.Select(s => s.Stats()).Concat(_gateways.Select(g => g.Stats())).ToList();
        return Task.FromResult<ProcessStats?>(new ProcessStats(
            TimeSpan.FromTicks(all.Sum(s => s.CpuTime.Ticks)),
            all.Sum(s => s.ResidentBytes),
            all.Sum(s => s.PeakResidentBytes)));
    }

    public TimeSpan? DatabaseCpuTime() => _database?.CpuTime();

    /// <summary>The first silo alone (it applies the migrations and founds the membership), then the other, then the gateways.</summary>
    public async Task StartAsync()
    {
        _database = await PostgresDatabase.OpenAsync(connectionString);
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < SiloCount; i++)
        {
            _silos.Add(new NodeProcess(settings: NodeSettings.ForBench(ClusterSettings.SiloBehindGateways(_database.ConnectionString, clusterId))));
        }
        await _silos[0].StartAsync();
        await Task.WhenAll(_silos.Skip(1).Select(s => s.StartAsync()));
        for (var i = 0; i < GatewayCount; i++)
        {
            _gateways.Add(new GatewayProcess(NodeSettings.ForLoad(ClusterSettings.Postgres(_database.ConnectionString, clusterId))));
        }
        await Task.WhenAll(_gateways.Select(g => g.StartAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        // Gateways first: with the silos gone they would only retry.
        await Task.WhenAll(_gateways.Select(g => g.DisposeAsync().AsTask()));
        await Task.WhenAll(_silos.Select(s => s.DisposeAsync().AsTask()));
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
