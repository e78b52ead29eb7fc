using OrleansIm.Bench.Core;
using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Targets;

/// <summary>
/// The node (one silo serving gRPC itself) on PostgreSQL instead of embedded SQLite: the
/// --postgres database, or a fresh throwaway server of its own.
/// </summary>
/// <param name="settings">Configuration on top of the bench and PostgreSQL settings, e.g. a scenario's raised limits.</param>
public sealed class PostgresNodeTarget(string? connectionString, IReadOnlyDictionary<string, string>? settings = null) : ITarget
{
    private PostgresDatabase? _database;
    private NodeProcess? _node;

    public string Name => "orleansim-pg";

    public IReadOnlyList<Uri> GrpcEndpoints => [Node.GrpcAddress];

    public Uri? DiagnosticsEndpoint => new(Node.HttpAddress, "/debug/memory");

    public IReadOnlyList<Uri> MetricsEndpoints => [new(Node.HttpAddress, "/metrics")];

    public Task<ProcessStats?> StatsAsync(CancellationToken cancellationToken = default) => Task.FromResult(_node?.Stats());

    public TimeSpan? DatabaseCpuTime() => _database?.CpuTime();

    public async Task StartAsync()
    {
        _database = await PostgresDatabase.OpenAsync(connectionString);
        // A cluster id of its own, so a node started earlier on the same --postgres database is never taken for a peer.
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var nodeSettings = NodeSettings.ForBench(ClusterSettings.Postgres(_database.ConnectionString, clusterId));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            nodeSettings[key] = value;
        }
        _node = new NodeProcess(settings: nodeSettings);
        await _node.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private NodeProcess Node => _node ?? throw new InvalidOperationException($"{Name} is not started.");
}
