using OrleansIm.Bench.Core;
using OrleansIm.Bench.Load;
using OrleansIm.Bench.Measurement;

namespace OrleansIm.Bench.Scenarios.Messaging;

/// <summary>
/// 1:1 chat: N connected users in fixed pairs, everyone sending to their peer. Runs on the bare
/// relay first (the reference), then on the system under test, with the same clients and
/// connection pattern; on the node every acked message is also checked against history.
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
        await using (var node = await context.StartSystemUnderTestAsync())
        {
            results.AddRange(await RunOnAsync(node, users, connections, reference, context, cancellationToken));
        }
        return results;
    }

    private static async Task<IReadOnlyList<ScenarioResult>> RunOnAsync(ITarget target, int users, int connections, string? referenceTarget, BenchContext context, CancellationToken cancellationToken)
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
        await using var fleet = await ClientFleet.StartAsync(target, ids, connections, sink.OnEvent, context, cancellationToken);
        var routes = new Dictionary<string, MessageRoute>();
        for (var i = 0; i < ids.Count; i += 2)
        {
            var conversation = await fleet[ids[i]].OpenDirectAsync(ids[i + 1], cancellationToken);
            routes[ids[i]] = new MessageRoute(conversation.Id, [ids[i + 1]]);
            routes[ids[i + 1]] = new MessageRoute(conversation.Id, [ids[i]]);
        }
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
