using OrleansIm.Bench.Core;
using OrleansIm.Bench.Load;
using OrleansIm.Bench.References;

namespace OrleansIm.Bench.Scenarios.Messaging;

/// <summary>
/// Small groups: G groups of M members, every member online; a few members per group send, and
/// every message fans out to the other M-1 members. Reference: the bare relay with the same
/// groups, clients and connections.
/// </summary>
public sealed class SmallGroupsScenario : IScenario
{
    private const int SendersPerGroup = 2;

    public string Name => "groups";

    public string Description => "small groups (200 x 20, all online): fan-out throughput and latency";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var groups = options.Smoke ? 3 : 200;
        var members = options.Smoke ? 5 : 20;
        var connections = options.Connections ?? (options.Smoke ? 4 : 100);
        var results = new List<ScenarioResult>();
        string? reference = null;
        await using (var relay = await context.StartRelayAsync())
        {
            if (relay is not null)
            {
                results.AddRange(await RunOnAsync(relay, groups, members, connections, null, context, cancellationToken));
                reference = relay.Name;
            }
        }
        var nats = options.NoReferences ? null : await RunNatsAsync(groups, members, connections, context, cancellationToken);
        if (nats is not null)
        {
            results.Add(nats);
        }
        await using (var node = await context.StartSystemUnderTestAsync())
        {
            var nodeResults = await RunOnAsync(node, groups, members, connections, reference, context, cancellationToken);
            results.AddRange(nats is null ? nodeResults : nodeResults.Select(r => r.Phase != "max" ? r : r with
            {
                Extra = new Dictionary<string, double>(r.Extra) { ["deliveredVsNats"] = r.DeliveredPerSecond / nats.DeliveredPerSecond },
            }));
        }
        return results;
    }

    /// <summary>nats-server fanning the same number of groups out to the same subscribers over the same connections, as fast as it can.</summary>
    private static async Task<ScenarioResult> RunNatsAsync(int groups, int members, int connections, BenchContext context, CancellationToken cancellationToken)
    {
        context.Log("starting nats-server");
        await using var server = await NatsServerProcess.StartAsync(TimeSpan.FromSeconds(30), cancellationToken);
        context.Log($"groups on nats-server: {groups} x {members} subscribers over {connections} connections, closed loop");
        var result = await new NatsFanOutReference().RunAsync(new NatsFanOutSettings
        {
            Url = server.Url,
            Groups = groups,
            MembersPerGroup = members,
            Connections = connections,
            Duration = context.Options.PhaseDuration,
            Warmup = context.Options.Warmup,
            ServerCpu = () => server.Stats().CpuTime,
        }, cancellationToken);
        return new ScenarioResult
        {
            Scenario = "groups",
            Phase = "max",
            Target = "nats-server",
            Seconds = result.Seconds,
            OfferedPerSecond = result.OfferedPerSecond,
            DeliveredPerSecond = result.DeliveredPerSecond,
            SendToDeliver = new LatencySummary(result.Delivered, result.P50Ms, result.P99Ms, result.P999Ms, result.MaxMs),
            Sent = result.Published,
            Acked = result.Published,
            Delivered = result.Delivered,
            Lost = result.Missing,
            ServerCpuSeconds = result.ServerCpuSeconds,
            ServerPeakResidentBytes = server.Stats().PeakResidentBytes,
        };
    }

    private static async Task<IReadOnlyList<ScenarioResult>> RunOnAsync(ITarget target, int groups, int members, int connections, string? referenceTarget, BenchContext context, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var memberIds = Enumerable.Range(0, groups).Select(g => Enumerable.Range(0, members).Select(m => $"g{run}-{g}-{m}").ToArray()).ToList();
        var sink = new DeliverySink();
        context.Log($"groups on {target.Name}: connecting {groups * members} clients over {connections} connections");
        await using var fleet = await ClientFleet.StartAsync(target, memberIds.SelectMany(m => m).ToList(), connections, sink.OnEvent, context, cancellationToken);

        var routes = new Dictionary<string, MessageRoute>();
        var senders = new List<string>();
        foreach (var group in memberIds)
        {
            var created = await fleet[group[0]].CreateGroupAsync($"bench {group[0]}", group.Skip(1), cancellationToken);
            foreach (var member in group)
            {
                routes[member] = new MessageRoute(created.Id, group.Where(m => m != member).ToArray());
            }
            senders.AddRange(group.Take(SendersPerGroup));
        }
        var workload = new MessagingWorkload("groups", target, fleet, sink, senders, s => routes[s], context) { ReferenceTarget = referenceTarget };
        var results = await workload.RunAsync(latencyRate: null, cancellationToken);
        if (target.Name == "bare-relay")
        {
            return results;
        }
        var missingInHistory = await HistoryCheck.CountAckedMissingAsync(fleet, routes, workload.Ledgers.Select(l => l.Ledger), cancellationToken);
        return results.Select(r => r with { Extra = new Dictionary<string, double>(r.Extra) { ["ackedMissingFromHistory"] = missingInHistory } }).ToList();
    }
}
