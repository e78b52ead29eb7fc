using OrleansIm.Bench.Core;
using OrleansIm.Bench.Targets;

namespace OrleansIm.Bench.Scenarios.Messaging;

/// <summary>
/// What each step away from the single SQLite node costs: the direct scenario's 1:1 workload,
/// unchanged, on the node with embedded SQLite (the reference), the node on PostgreSQL, and two
/// silos behind two standalone gateways on PostgreSQL, one after the other in one run, so the
/// ratios compare runs made on the same machine minutes apart.
/// </summary>
public sealed class ScaleScenario : IScenario
{
    public string Name => "scale";

    public string Description => "1:1 chat as in direct, on SQLite, on PostgreSQL and on 2 silos + 2 gateways: the cost of each step";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        if (options.Endpoints.Count > 0)
        {
            context.Log("scale skipped: it compares configurations the harness starts itself, and --endpoints loads someone else's");
            return [];
        }
        var chat = new PairedChat(Name, context);
        // Created only when their turn comes: a target object may already hold resources (a data folder).
        Func<ITarget>[] targets =
        [
            () => new NodeTarget(),
            () => new PostgresNodeTarget(options.Postgres),
            () => new ClusterTarget(options.Postgres),
        ];
        string? reference = null;
        var results = new List<ScenarioResult>();
        foreach (var create in targets)
        {
            // One at a time: they would share the 2 cores with each other and the load generator.
            await using var target = await context.StartAsync(create());
            // The SQLite node is every row's reference, its own included, so the table reads 1.00× there.
            reference ??= target.Name;
            results.AddRange(await chat.RunAsync(target, reference, cancellationToken));
        }
        return results;
    }
}
