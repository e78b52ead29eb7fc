using OrleansIm.ProcessHost;

namespace OrleansIm.EndToEnd.Tests.Cluster;

/// <summary>
/// A throwaway PostgreSQL, silos behind standalone gateways, each a real process on loopback,
/// as the README's cluster walkthrough runs them. Disposing stops everything and removes the data.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private PostgresServer? _postgres;

    private LocalCluster()
    {
    }

    public List<NodeProcess> Silos { get; } = [];

    public List<GatewayProcess> Gateways { get; } = [];

    public static async Task<LocalCluster> StartAsync(int silos, int gateways, IReadOnlyDictionary<string, string>? siloSettings = null, IReadOnlyDictionary<string, string>? gatewaySettings = null)
    {
        var cluster = new LocalCluster();
        try
        {
            cluster._postgres = await PostgresServer.StartAsync();
            var database = await cluster._postgres.CreateDatabaseAsync("im");
            var clusterId = "e2e-" + Guid.NewGuid().ToString("N")[..8];
            for (var i = 0; i < silos; i++)
            {
                cluster.Silos.Add(new NodeProcess(settings: Merge(ClusterSettings.SiloBehindGateways(database, clusterId), siloSettings)));
            }
            // The first silo applies the migrations; the rest join it together.
            await cluster.Silos[0].StartAsync();
            await Task.WhenAll(cluster.Silos.Skip(1).Select(s => s.StartAsync()));
            for (var i = 0; i < gateways; i++)
            {
                cluster.Gateways.Add(new GatewayProcess(Merge(ClusterSettings.Postgres(database, clusterId), gatewaySettings)));
            }
            await Task.WhenAll(cluster.Gateways.Select(g => g.StartAsync()));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every process's output, to explain a failure.</summary>
    public string Outputs() =>
        string.Join("\n", Silos.Select((s, i) => $"--- silo {i} ---\n{Tail(s.Output)}")
            .Concat(Gateways.Select((g, i) => $"--- gateway {i} ---\n{Tail(g.Output)}")));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Gateways.Select(g => g.DisposeAsync().AsTask()));
        await Task.WhenAll(Silos.Select(s => s.DisposeAsync().AsTask()));
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private static Dictionary<string, string> Merge(Dictionary<string, string> settings, IReadOnlyDictionary<string, string>? extra)
    {
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        return settings;
    }

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];
}
