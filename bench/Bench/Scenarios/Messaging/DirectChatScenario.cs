using OrleansIm.Bench.Core;
using OrleansIm.Bench.Load;
using OrleansIm.Bench.Measurement;

namespace OrleansIm.Bench.Scenarios.Messaging;

/// <summary>
/// 1:1 chat: N connected users in fixed pairs, everyone sending to their peer. Runs on the bare
/// relay first (the reference), then on the system under test, with the same clients and
/// connection pattern; on the node every acked message is also checked against history. Last,
/// the relay runs once more at the node's latency rate, so the node's tail can be read against
/// what the same load generator on the same cores produces with an almost free server.
/// </summary>
public sealed class DirectChatScenario : IScenario
{
    public string Name => "direct";

    public string Description => "1:1 chat, random pairs, durable: max throughput, then latency at 50%";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var users = options.Users ?? (options.Smoke ? 20 : 1000);
        users -= users % 2;
        var connections = options.Connections ?? (options.Smoke ? 4 : 100);
        var results = new List<ScenarioResult>();

        string? reference = null;
        await using (var relay = await context.StartRelayAsync())
        {
            if (relay is not null)
            {
                results.AddRange(await RunOnAsync(relay, users, connections, referenceTarget: null, context, cancellationToken));
                reference = relay.Name;
            }
        }
        IReadOnlyList<ScenarioResult> nodeResults;
        await using (var node = await context.StartSystemUnderTestAsync())
        {
            nodeResults = await RunOnAsync(node, users, connections, reference, context, cancellationToken);
        }
        var nodeLatency = nodeResults.FirstOrDefault(r => r.Phase == LatencyPhase);
        if (reference is not null && nodeLatency is not null)
        {
            // The relay again, at the node's latency rate: what the tail is with the same load
            // generator on the same cores when the server costs almost nothing.
            await using var relay = await context.StartRelayAsync();
            var floor = await RunAtNodeRateAsync(relay!, users, connections, nodeLatency.OfferedPerSecond, context, cancellationToken);
            results.Add(floor);
            nodeResults = nodeResults.Select(r => r.Phase != LatencyPhase ? r : r with
            {
                Extra = new Dictionary<string, double>(r.Extra) { ["relayDeliverP99AtSameRateMs"] = floor.SendToDeliver?.P99Ms ?? double.NaN },
            }).ToList();
        }
        results.AddRange(nodeResults);
        return results;
    }

    private const string LatencyPhase = "latency@50%";

    private static async Task<ScenarioResult> RunAtNodeRateAsync(ITarget relay, int users, int connections, double rate, BenchContext context, CancellationToken cancellationToken)
    {
        var (fleet, sink, ids, routes) = await ConnectPairsAsync(relay, users, connections, context, cancellationToken);
        await using (fleet)
        {
            var workload = new MessagingWorkload("direct", relay, fleet, sink, ids, s => routes[s], context);
            return await workload.RunAtRateAsync("at-node-rate", rate, cancellationToken);
        }
    }

    private static async Task<IReadOnlyList<ScenarioResult>> RunOnAsync(ITarget target, int users, int connections, string? referenceTarget, BenchContext context, CancellationToken cancellationToken)
    {
        var (fleet, sink, ids, routes) = await ConnectPairsAsync(target, users, connections, context, cancellationToken);
        await using (fleet)
        {
            var workload = new MessagingWorkload("direct", target, fleet, sink, ids, s => routes[s], context) { ReferenceTarget = referenceTarget };
            var results = await workload.RunAsync(latencyRate: null, cancellationToken);
            if (target.Name == "bare-relay")
            {
                return results;
            }
            var missingInHistory = await HistoryCheck.CountAckedMissingAsync(fleet, routes, workload.Ledgers.Select(l => l.Ledger), cancellationToken);
            return results.Select(r => r with { Extra = new Dictionary<string, double>(r.Extra) { ["ackedMissingFromHistory"] = missingInHistory } }).ToList();
        }
    }

    /// <summary>Connects the users in fixed pairs and opens each pair's direct conversation.</summary>
    private static async Task<(ClientFleet Fleet, DeliverySink Sink, List<string> Ids, Dictionary<string, MessageRoute> Routes)> ConnectPairsAsync(
        ITarget target, int users, int connections, BenchContext context, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var ids = Enumerable.Range(0, users).Select(i => $"d{run}-{i}").ToList();
        var peers = new Dictionary<string, string>();
        for (var i = 0; i < ids.Count; i += 2)
        {
            peers[ids[i]] = ids[i + 1];
            peers[ids[i + 1]] = ids[i];
        }
        var sink = new DeliverySink();
        context.Log($"direct on {target.Name}: connecting {users} clients over {(connections == 0 ? users : connections)} connections");
        var fleet = await ClientFleet.StartAsync(target, ids, connections, sink.OnEvent, context, cancellationToken);
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
