using OrleansIm.Bench.Core;

namespace OrleansIm.Bench.Scenarios.Idle;

/// <summary>
/// What an online user costs while doing nothing: managed heap per idle Connect stream (gateway
/// and grain side together, as one node holds both) against the bare relay's in the same run,
/// and per idle user activation in the silo. Targets (reported, not asserted): a stream at most
/// 1.5x the relay's, an activation at most 8 KiB.
/// </summary>
public sealed class IdleCostScenario : IScenario
{
    public const string ScenarioName = "idle";

    private const int FullSize = 5000;
    private const int SmokeSize = 50;
    private const int StreamsPerConnection = 50;

    public string Name => ScenarioName;

    public string Description => "memory per idle stream (vs. the bare relay) and per idle user activation";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var size = context.Options.Users ?? (context.Options.Smoke ? SmokeSize : FullSize);
        var channels = context.Options.Connections switch
        {
            0 => size,
            { } connections => Math.Min(connections, size),
            null => (size + StreamsPerConnection - 1) / StreamsPerConnection,
        };

        // One target after the other: they share the machine's 2 cores and its memory.
        List<ScenarioResult> results;
        await using (var node = await context.StartSystemUnderTestAsync())
        {
            results = [.. await new IdleTargetRun(context, node, hasGrains: true, size, channels).RunAsync(cancellationToken)];
        }

        await using var relay = await context.StartRelayAsync();
        if (relay is null)
        {
            return results;
        }
        var reference = await new IdleTargetRun(context, relay, hasGrains: false, size, channels).RunAsync(cancellationToken);
        return
        [
            .. results.Select(r => r.Phase == IdleTargetRun.StreamsPhase ? r with { ReferenceTarget = relay.Name } : r),
            .. reference,
        ];
    }
}
