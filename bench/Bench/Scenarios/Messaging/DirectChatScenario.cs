using OrleansIm.Bench.Core;

namespace OrleansIm.Bench.Scenarios.Messaging;

/// <summary>
/// 1:1 chat: N connected users in fixed pairs, everyone sending to their peer. Runs on the bare
/// relay first (the reference), then on the system under test, with the same clients and
/// connection pattern; on the node every acked message is also checked against history. Last,
/// the relay runs once more at the node's latency rate, so the node's tail can be read against
/// what the same load generator on the same cores produces with an almost free server. Both
/// targets also search for their capacity within the p99 target (<c>--slo-p99</c>), so the
/// rates they carry at that latency compare as a ratio too.
/// </summary>
public sealed class DirectChatScenario : IScenario
{
    private const string LatencyPhase = "latency@50%";

    public string Name => "direct";

    public string Description => "1:1 chat, random pairs, durable: max throughput, then latency at 50%";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var chat = new PairedChat(Name, context);
        var results = new List<ScenarioResult>();
        double? slo = context.Options.SloP99Ms > 0 ? context.Options.SloP99Ms : null;

        string? reference = null;
        await using (var relay = await context.StartRelayAsync())
        {
            if (relay is not null)
            {
                results.AddRange(await chat.RunAsync(relay, referenceTarget: null, cancellationToken, slo));
                reference = relay.Name;
            }
        }
        IReadOnlyList<ScenarioResult> nodeResults;
        await using (var node = await context.StartSystemUnderTestAsync())
        {
            nodeResults = await chat.RunAsync(node, reference, cancellationToken, slo);
        }
        var nodeLatency = nodeResults.FirstOrDefault(r => r.Phase == LatencyPhase);
        if (reference is not null && nodeLatency is not null)
        {
            // The relay again, at the node's latency rate: what the tail is with the same load
            // generator on the same cores when the server costs almost nothing.
            await using var relay = await context.StartRelayAsync();
            var floor = await chat.RunAtRateAsync(relay!, "at-node-rate", nodeLatency.OfferedPerSecond, cancellationToken);
            results.Add(floor);
            nodeResults = nodeResults.Select(r => r.Phase != LatencyPhase ? r : r with
            {
                Extra = new Dictionary<string, double>(r.Extra) { ["relayDeliverP99AtSameRateMs"] = floor.SendToDeliver?.P99Ms ?? double.NaN },
            }).ToList();
        }
        results.AddRange(nodeResults);
        return results;
    }
}
