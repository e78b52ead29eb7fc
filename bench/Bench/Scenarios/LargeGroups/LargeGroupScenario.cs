using OrleansIm.Bench.Core;
using OrleansIm.Bench.Load;
using OrleansIm.Bench.Scenarios.Messaging;
using OrleansIm.Client;

namespace OrleansIm.Bench.Scenarios.LargeGroups;

/// <summary>
/// A large group (10,000 members, read diffusion, 1% online) against two 10-member groups on the
/// same node in the same run: one under write diffusion (all online), as every group below the
/// threshold is, and one under read diffusion (a group that grew past the threshold and shrank
/// back; it stays large), which holds the storage scheme still so that only the member count
/// differs. The same few senders per group at the same open-loop rate; send-to-ack latency per
/// group and its ratios, rows written per message, and every online member's deliveries
/// (large-group members get them by pulling history on an 'advanced' hint) checked for losses
/// and duplicates.
/// </summary>
public sealed class LargeGroupScenario : IScenario
{
    private const int SendersPerGroup = 3;
    private const int SmallGroupMembers = 10;

    /// <summary>Members the shrunk group has before it shrinks: past the default large-group threshold (500).</summary>
    private const int ShrunkGroupPeak = 510;

    public string Name => "large-group";

    public string Description => "large group (10,000 members, 1% online) vs 10-member groups: send latency and rows per message";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var largeMembers = options.Users ?? (options.Smoke ? 600 : 10_000);
        var online = Math.Max(SendersPerGroup + 1, largeMembers / 100);
        var rate = options.Smoke ? 20 : 150;
        var connections = options.Connections ?? (options.Smoke ? 4 : 20);
        var run = Guid.NewGuid().ToString("N")[..6];
        var small = Enumerable.Range(0, SmallGroupMembers).Select(i => $"s{run}-{i}").ToArray();
        var admin = $"a{run}";
        // The admin plus everyone else; the first `online` of the others connect.
        var large = Enumerable.Range(0, largeMembers - 1).Select(i => $"l{run}-{i}").ToArray();
        var largeOnline = large.Take(online).ToArray();
        // The admin and nine online members; the others only take it past the threshold.
        var shrunk = Enumerable.Range(0, SmallGroupMembers - 1).Select(i => $"r{run}-{i}").ToArray();
        var fillers = Enumerable.Range(0, ShrunkGroupPeak - shrunk.Length).Select(i => $"f{run}-{i}").ToArray();

        await using var node = await context.StartSystemUnderTestAsync();
        var rows = StoreRowCounter.For(node);
        if (rows is null)
        {
            context.Log("large-group: rows per message are read from the node's SQLite file, which only a SQLite node the harness starts has; not counted");
        }

        // Created before its online members connect: a member added while online would learn of the
        // group only at their next refresh. The admin creates it and leaves (a member, offline).
        context.Log($"large-group on {node.Name}: creating a {largeMembers:N0}-member group");
        string largeId;
        string? shrunkId;
        await using (var adminFleet = await ClientFleet.StartAsync(node, [admin], 1, (_, _) => { }, context, cancellationToken))
        {
            var progress = new Progress<int>(n => context.Log($"{n:N0}/{large.Length:N0} members added"));
            largeId = (await adminFleet[admin].CreateLargeGroupAsync($"bench {run}", large, progress: progress, cancellationToken: cancellationToken)).Id;
            shrunkId = await CreateShrunkGroupAsync(adminFleet[admin], $"bench {run} shrunk", shrunk, fillers, node, context, cancellationToken);
        }

        var sink = new DeliverySink();
        context.Log($"large-group on {node.Name}: connecting {small.Length} + {shrunk.Length} + {online} members over {connections} connections");
        await using var fleet = await ClientFleet.StartAsync(node, [.. small, .. shrunk, .. largeOnline], connections, sink.OnEvent, context, cancellationToken);
        var smallId = (await fleet[small[0]].CreateGroupAsync($"bench {run} small", small.Skip(1), cancellationToken)).Id;

        var smallGroup = Prepare(new GroupUnderTest($"{SmallGroupMembers} members", smallId, SmallGroupMembers, small), node, fleet, sink, context);
        var largeGroup = Prepare(new GroupUnderTest($"{largeMembers} members", largeId, largeMembers, largeOnline), node, fleet, sink, context);
        var shrunkGroup = shrunkId is null ? null
            : Prepare(new GroupUnderTest($"{SmallGroupMembers} members, read diffusion", shrunkId, SmallGroupMembers, shrunk), node, fleet, sink, context);
        MeasuredGroup[] groups = shrunkGroup is null ? [smallGroup, largeGroup] : [smallGroup, shrunkGroup, largeGroup];
        var rowsBefore = new Dictionary<MeasuredGroup, ConversationRows?>();
        foreach (var group in groups)
        {
            rowsBefore[group] = rows is null ? null : await rows.CountAsync(group.Group.ConversationId, cancellationToken);
            await group.Workload.WarmUpAsync(context.Options.Warmup, cancellationToken);
        }

        // Each group once forwards, once backwards (small, shrunk, large, large, shrunk, small):
        // whatever drifts over the run (the JIT, the heap, a neighbour's load) falls on every
        // group alike, and none is always first.
        var round = TimeSpan.FromTicks(options.PhaseDuration.Ticks / 2);
        foreach (var group in groups.Concat(groups.Reverse()))
        {
            var result = await group.Workload.RunOpenLoopAsync(group.Group.Phase, rate, round, cancellationToken);
            group.Rounds.Add((result, group.Workload.Ledgers[^1].Ledger));
        }

        var smallResult = await SummarizeAsync(smallGroup, fleet, rows, rowsBefore[smallGroup], cancellationToken);
        var largeResult = WithRatios(await SummarizeAsync(largeGroup, fleet, rows, rowsBefore[largeGroup], cancellationToken), smallResult, "Small");
        if (shrunkGroup is null)
        {
            return [smallResult, largeResult];
        }
        var shrunkResult = await SummarizeAsync(shrunkGroup, fleet, rows, rowsBefore[shrunkGroup], cancellationToken);
        return [smallResult, shrunkResult, WithRatios(largeResult, shrunkResult, "SmallReadDiffusion")];
    }

    /// <summary>
    /// A 10-member group under read diffusion: created past the large-group threshold, then the
    /// fillers removed (a large group stays large). Null, and logged, where the target's threshold
    /// is above the peak (an operator's cluster may configure one).
    /// </summary>
    private static async Task<string?> CreateShrunkGroupAsync(
        ImClient admin, string name, string[] members, string[] fillers, ITarget node, BenchContext context, CancellationToken cancellationToken)
    {
        context.Log($"large-group on {node.Name}: creating a {ShrunkGroupPeak + 1}-member group and shrinking it to {members.Length + 1}");
        var group = await admin.CreateGroupAsync(name, [.. members, .. fillers], cancellationToken);
        if (!group.Large)
        {
            context.Log($"large-group: a {ShrunkGroupPeak + 1}-member group is not large on {node.Name} (threshold above it); the 10-member read-diffusion group is not measured");
            return null;
        }
        foreach (var filler in fillers)
        {
            await admin.RemoveMemberAsync(group.Id, filler, cancellationToken);
        }
        return group.Id;
    }

    private static MeasuredGroup Prepare(GroupUnderTest group, ITarget node, ClientFleet fleet, DeliverySink sink, BenchContext context)
    {
        var routes = group.Online.ToDictionary(m => m, m => new MessageRoute(group.ConversationId, group.Online.Where(o => o != m).ToArray()));
        var senders = group.Online.Take(SendersPerGroup).ToList();
        return new MeasuredGroup(group, routes, new MessagingWorkload("large-group", node, fleet, sink, senders, s => routes[s], context));
    }

    private static async Task<ScenarioResult> SummarizeAsync(
        MeasuredGroup measured, ClientFleet fleet, StoreRowCounter? rows, ConversationRows? before, CancellationToken cancellationToken)
    {
        var group = measured.Group;
        var result = PooledRounds.Pool(group.Phase, measured.Rounds);
        var extra = new Dictionary<string, double>(result.Extra)
        {
            ["members"] = group.Members,
            ["membersOnline"] = group.Online.Count,
            ["ackedMissingFromHistory"] = await HistoryCheck.CountAckedMissingAsync(fleet, measured.Routes, measured.Workload.Ledgers.Select(l => l.Ledger), cancellationToken),
        };
        if (rows is not null && before is not null)
        {
            // Over the warm-up and the measured rounds: every message in them is a send of this group.
            var written = await rows.CountAsync(group.ConversationId, cancellationToken) - before;
            extra["messagesStored"] = written.Messages;
            extra["rowsPerMessage"] = written.Messages == 0 ? 0 : (double)(written.Messages + written.SyncEvents) / written.Messages;
            extra["syncEventRowsPerMessage"] = written.Messages == 0 ? 0 : (double)written.SyncEvents / written.Messages;
        }
        return result with { Extra = extra };
    }

    /// <summary>The large group's send-to-ack latency and rows as multiples of a 10-member group's (targets: at most 1.5; equal).</summary>
    private static ScenarioResult WithRatios(ScenarioResult large, ScenarioResult small, string suffix)
    {
        var extra = new Dictionary<string, double>(large.Extra);
        if (large.SendToAck is { } l && small.SendToAck is { } s)
        {
            extra[$"ackP50Vs{suffix}"] = s.P50Ms > 0 ? l.P50Ms / s.P50Ms : 0;
            extra[$"ackP99Vs{suffix}"] = s.P99Ms > 0 ? l.P99Ms / s.P99Ms : 0;
        }
        if (large.Extra.TryGetValue("rowsPerMessage", out var largeRows) && small.Extra.TryGetValue("rowsPerMessage", out var smallRows) && smallRows > 0)
        {
            extra[$"rowsPerMessageVs{suffix}"] = largeRows / smallRows;
        }
        return large with { Extra = extra };
    }

    /// <summary>One group of the comparison: its phase name, id, size and the members who are online.</summary>
    private sealed record GroupUnderTest(string Phase, string ConversationId, int Members, IReadOnlyList<string> Online);

    /// <summary>A group with its senders' workload and the rounds measured so far.</summary>
    private sealed record MeasuredGroup(GroupUnderTest Group, Dictionary<string, MessageRoute> Routes, MessagingWorkload Workload)
    {
        public List<(ScenarioResult Result, Measurement.DeliveryLedger Ledger)> Rounds { get; } = [];
    }
}
