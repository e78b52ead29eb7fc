using OrleansIm.Bench.Core;
using OrleansIm.Bench.Load;

namespace OrleansIm.Bench.Scenarios.Messaging;

/// <summary>
/// The 1:1 workload of the direct and scale scenarios, so both measure exactly the same thing:
/// N connected users in fixed pairs over shared HTTP/2 connections, each pair's direct
/// conversation opened before anything is measured, everyone sending to their peer through
/// <see cref="MessagingWorkload"/>'s phases. On a node every acked message is then looked up in
/// history as well.
/// </summary>
public sealed class PairedChat
{
    private readonly string _scenario;
    private readonly int _users;
    private readonly int _connections;
    private readonly BenchContext _context;

    /// <summary>Sizes from the options: 1,000 users over 100 connections, or 20 over 4 with --smoke.</summary>
    public PairedChat(string scenario, BenchContext context)
    {
        var options = context.Options;
        _scenario = scenario;
        _context = context;
        _users = options.Users ?? (options.Smoke ? 20 : 1000);
        _users -= _users % 2;
        _connections = options.Connections ?? (options.Smoke ? 4 : 100);
    }

    /// <summary>
    /// Warm-up, max, latency at 50% of the target's own max, and with <paramref name="sloP99Ms"/>
    /// the capacity within that p99; each result names <paramref name="referenceTarget"/>.
    /// </summary>
    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(ITarget target, string? referenceTarget, CancellationToken cancellationToken, double? sloP99Ms = null)
    {
        var (fleet, sink, ids, routes) = await ConnectPairsAsync(target, cancellationToken);
        await using (fleet)
        {
            var workload = new MessagingWorkload(_scenario, target, fleet, sink, ids, s => routes[s], _context) { ReferenceTarget = referenceTarget };
            var results = await workload.RunAsync(latencyRate: null, cancellationToken, sloP99Ms);
            // The relay keeps no history: delivery is all it can be checked for.
            if (target.Name == "bare-relay")
            {
                return results;
            }
            var missingInHistory = await HistoryCheck.CountAckedMissingAsync(fleet, routes, workload.Ledgers.Select(l => l.Ledger), cancellationToken);
            return results.Select(r => r with { Extra = new Dictionary<string, double>(r.Extra) { ["ackedMissingFromHistory"] = missingInHistory } }).ToList();
        }
    }

    /// <summary>A warm-up, then one open-loop phase at <paramref name="rate"/> sends per second.</summary>
    public async Task<ScenarioResult> RunAtRateAsync(ITarget target, string phase, double rate, CancellationToken cancellationToken)
    {
        var (fleet, sink, ids, routes) = await ConnectPairsAsync(target, cancellationToken);
        await using (fleet)
        {
            var workload = new MessagingWorkload(_scenario, target, fleet, sink, ids, s => routes[s], _context);
            return await workload.RunAtRateAsync(phase, rate, cancellationToken);
        }
    }

    /// <summary>Connects the users in fixed pairs and opens each pair's direct conversation.</summary>
    private async Task<(ClientFleet Fleet, DeliverySink Sink, List<string> Ids, Dictionary<string, MessageRoute> Routes)> ConnectPairsAsync(
        ITarget target, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var ids = Enumerable.Range(0, _users).Select(i => $"d{run}-{i}").ToList();
        var sink = new DeliverySink();
        _context.Log($"{_scenario} on {target.Name}: connecting {_users} clients over {(_connections == 0 ? _users : _connections)} connections");
        var fleet = await ClientFleet.StartAsync(target, ids, _connections, sink.OnEvent, _context, cancellationToken);
        try
        {
            var routes = new Dictionary<string, MessageRoute>();
            for (var i = 0; i < ids.Count; i += 2)
            {
                var conversation = await fleet[ids[i]].OpenDirectAsync(ids[i + 1], cancellationToken);
                routes[ids[i]] = new MessageRoute(conversation.Id, [ids[i + 1]]);
                routes[ids[i + 1]] = new MessageRoute(conversation.Id, [ids[i]]);
            }
            return (fleet, sink, ids, routes);
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }
}
