using System.Diagnostics;
using OrleansIm.Bench.Core;
using OrleansIm.Bench.Load;
using OrleansIm.Bench.Measurement;

namespace OrleansIm.Bench.Scenarios.Messaging;

/// <summary>
/// Reconnect storm: half the users (one of each pair) go away, their peers send them messages,
/// then all of them reconnect at the same moment and resync from their cursors. Measures the
/// time until the last one has everything, and that nothing was lost or duplicated. The relay
/// keeps no history, so there is no reference for this one.
/// </summary>
public sealed class ReconnectStormScenario : IScenario
{
    private const string Payload = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan ResyncTimeout = TimeSpan.FromMinutes(2);

    public string Name => "reconnect";

    public string Description => "all clients drop and reconnect at once after messages were sent while they were away";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var users = options.Users ?? (options.Smoke ? 20 : 1000);
        users -= users % 2;
        var perUser = options.Smoke ? 3 : 10;
        var connections = options.Connections ?? (options.Smoke ? 4 : 100);
        await using var node = await context.StartSystemUnderTestAsync();

        var run = Guid.NewGuid().ToString("N")[..6];
        var ids = Enumerable.Range(0, users).Select(i => $"r{run}-{i}").ToList();
        var sink = new DeliverySink();
        context.Log($"reconnect on {node.Name}: connecting {users} clients");
        await using var fleet = await ClientFleet.StartAsync(node, ids, connections, sink.OnEvent, context, cancellationToken);
        var away = ids.Where((_, i) => i % 2 == 1).ToList();
        var conversations = new Dictionary<string, string>();
        for (var i = 0; i < ids.Count; i += 2)
        {
            conversations[ids[i]] = (await fleet[ids[i]].OpenDirectAsync(ids[i + 1], cancellationToken)).Id;
        }

        context.Log($"reconnect: {away.Count} clients leave; their peers send {perUser} messages each");
        await Task.WhenAll(away.Select(fleet.DisconnectAsync));
        var ledger = new DeliveryLedger();
        sink.Current = ledger;
        var cpuBefore = (await node.StatsAsync(cancellationToken))?.CpuTime;
        await Parallel.ForEachAsync(conversations, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (pair, ct) =>
        {
            string[] peer = [ids[ids.IndexOf(pair.Key) + 1]];
            for (var n = 0; n < perUser; n++)
            {
                var id = ledger.RecordSending(peer);
                try
                {
                    await fleet[pair.Key].SendTextAsync(pair.Value, Payload, id, ct);
                    ledger.RecordAck(id);
                }
                catch (Exception)
                {
                    ledger.RecordFailure();
                }
            }
        });

        context.Log($"reconnect: {away.Count} clients reconnect at once");
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(away.Select(u => fleet.ConnectAsync(u, cancellationToken)));
        var connected = Stopwatch.GetElapsedTime(started);
        var deadline = started + (long)(ResyncTimeout.TotalSeconds * Stopwatch.Frequency);
        while (ledger.MissingDeliveries() > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
        var resynced = Stopwatch.GetElapsedTime(started);
        var stats = await node.StatsAsync(cancellationToken);
        return
        [
            new ScenarioResult
            {
                Scenario = "reconnect",
                Phase = "storm",
                Target = node.Name,
                Seconds = resynced.TotalSeconds,
                Sent = ledger.Sent,
                Acked = ledger.Acked,
                Delivered = ledger.Delivered,
                DeliveredPerSecond = ledger.Delivered / resynced.TotalSeconds,
                SendToAck = ledger.SendToAck.Summarize(),
                SendToDeliver = ledger.SendToDeliver.Summarize(),
                Errors = ledger.Errors,
                Lost = ledger.MissingDeliveries(),
                Duplicated = ledger.Duplicated,
                ServerCpuSeconds = stats is null || cpuBefore is null ? null : (stats.CpuTime - cpuBefore.Value).TotalSeconds,
                ServerPeakResidentBytes = stats?.PeakResidentBytes,
                Extra = new Dictionary<string, double>
                {
                    ["clients"] = away.Count,
                    ["messagesWhileAway"] = ledger.Acked,
                    ["secondsUntilAllConnected"] = connected.TotalSeconds,
                    ["secondsUntilAllResynced"] = resynced.TotalSeconds,
                },
            },
        ];
    }
}
