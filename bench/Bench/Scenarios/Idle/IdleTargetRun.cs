using System.Diagnostics;
using Grpc.Net.Client;
using OrleansIm.Bench.Core;
using OrleansIm.Bench.Load;
using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Scenarios.Idle;

/// <summary>
/// The idle measurements against one target: memory per user activation (targets with grains)
/// and per idle stream, each the change between two settled /debug/memory readings divided by
/// how many were added in between.
/// </summary>
internal sealed class IdleTargetRun(BenchContext context, ITarget target, bool hasGrains, int size, int channels)
{
    public const string StreamsPhase = "streams";
    public const string ActivationsPhase = "activations";

    private const int WarmUpUsers = 20;

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(CancellationToken cancellationToken)
    {
        var endpoint = target.GrpcEndpoints[0];
        // Logins and activations share one channel that stays open through every reading, so
        // its connection is in the baseline and in every later reading alike.
        using var unary = Channels.Create(endpoint);
        using var probe = target.DiagnosticsEndpoint is { } diagnostics ? new MemoryProbe(diagnostics, context.Log) : null;
        if (probe is null)
        {
            context.Log($"{target.Name} has no /debug/memory endpoint: only stream counts and times are reported, no memory figures");
        }

        var run = Guid.NewGuid().ToString("N")[..8];
        await WarmUpAsync(endpoint, unary, new IdleUsers($"idle-{run}-warm", WarmUpUsers), cancellationToken);
        var users = new IdleUsers($"idle-{run}", size);
        await users.LoginAsync(unary, "logged in", context, cancellationToken);

        var results = new List<ScenarioResult>();
        var before = await ReadAsync(probe, "baseline", cancellationToken);
        if (hasGrains)
        {
            var statsBefore = await target.StatsAsync(cancellationToken);
            var activating = Stopwatch.StartNew();
            await users.ActivateAsync(unary, "user grains activated", context, cancellationToken);
            var elapsed = activating.Elapsed;
            var statsAfter = await target.StatsAsync(cancellationToken);
            var activated = await ReadAsync(probe, "after activations", cancellationToken);
            if (before is not null && activated is not null)
            {
                results.Add(ActivationsRow(before, activated, elapsed, statsBefore, statsAfter));
            }
            before = activated;
        }

        await using var streams = new IdleStreamSet(endpoint, size, channels);
        var openingBefore = await target.StatsAsync(cancellationToken);
        var opening = Stopwatch.StartNew();
        await streams.OpenAsync(users, $"idle streams open over {channels} channels", context, cancellationToken);
        var openTime = opening.Elapsed;
        var openingAfter = await target.StatsAsync(cancellationToken);
        var after = await ReadAsync(probe, "after streams", cancellationToken);
        // Counted after the reading: a stream the server ended before it would not be in it.
        var closedEarly = streams.Count - streams.OpenCount;
        if (closedEarly > 0)
        {
            context.Log($"warning: {closedEarly} of {streams.Count} streams ended before the reading; the per-stream figures do not describe open streams");
        }
        results.Add(StreamsRow(before, after, openTime, closedEarly, openingBefore, openingAfter));
        return results;
    }

    /// <summary>
    /// Runs every step once for a few other users first, so code compiled and caches filled on
    /// first use are in the baseline instead of being charged to the measured users.
    /// </summary>
    private async Task WarmUpAsync(Uri endpoint, GrpcChannel unary, IdleUsers users, CancellationToken cancellationToken)
    {
        await users.LoginAsync(unary, null, context, cancellationToken);
        if (hasGrains)
        {
            await users.ActivateAsync(unary, null, context, cancellationToken);
        }
        await using var streams = new IdleStreamSet(endpoint, users.Count, channels: 1);
        await streams.OpenAsync(users, null, context, cancellationToken);
    }

    private async Task<MemorySnapshot?> ReadAsync(MemoryProbe? probe, string label, CancellationToken cancellationToken)
    {
        if (probe is null)
        {
            return null;
        }
        var snapshot = await probe.SettledAsync(cancellationToken);
        context.Log($"{target.Name} {label}: heap {snapshot.ManagedHeapBytes / 1e6:F1} MB, resident {snapshot.ResidentBytes / 1e6:F1} MB, activations {snapshot.ActivationCount}");
        return snapshot;
    }

    private ScenarioResult ActivationsRow(MemorySnapshot before, MemorySnapshot after, TimeSpan elapsed, ProcessStats? statsBefore, ProcessStats? statsAfter)
    {
        var perActivation = PerItem(after.ManagedHeapBytes - before.ManagedHeapBytes);
        context.Log($"{target.Name}: {perActivation:N0} B managed heap per idle user activation");
        return Row(ActivationsPhase, elapsed, errors: 0, statsBefore, statsAfter, new Dictionary<string, double>
        {
            ["activations"] = size,
            // Shows the step activated one grain per user. The silo reports its working set
            // (recently used activations), so a step slower than its idle scan undercounts.
            ["activationCountDelta"] = after.ActivationCount - before.ActivationCount,
            ["bytesPerUserActivation"] = perActivation,
            ["residentBytesPerUserActivation"] = PerItem(after.ResidentBytes - before.ResidentBytes),
        });
    }

    private ScenarioResult StreamsRow(MemorySnapshot? before, MemorySnapshot? after, TimeSpan openTime, int closedEarly, ProcessStats? statsBefore, ProcessStats? statsAfter)
    {
        var extra = new Dictionary<string, double> { ["streams"] = size, ["connections"] = channels };
        if (before is not null && after is not null)
        {
            extra["bytesPerIdleStream"] = PerItem(after.ManagedHeapBytes - before.ManagedHeapBytes);
            extra["residentBytesPerIdleStream"] = PerItem(after.ResidentBytes - before.ResidentBytes);
            context.Log($"{target.Name}: {extra["bytesPerIdleStream"]:N0} B managed heap, {extra["residentBytesPerIdleStream"]:N0} B resident per idle stream");
        }
        else
        {
            extra["memoryMeasured"] = 0;
        }
        return Row(StreamsPhase, openTime, closedEarly, statsBefore, statsAfter, extra);
    }

    /// <summary>A step's row: the server's CPU is what the step took (activating the users, or opening the streams).</summary>
    private ScenarioResult Row(string phase, TimeSpan elapsed, long errors, ProcessStats? statsBefore, ProcessStats? statsAfter, Dictionary<string, double> extra) => new()
    {
        Scenario = IdleCostScenario.ScenarioName,
        Phase = phase,
        Target = target.Name,
        Seconds = elapsed.TotalSeconds,
        Errors = errors,
        ServerCpuSeconds = (statsAfter?.CpuTime - statsBefore?.CpuTime)?.TotalSeconds,
        ServerPeakResidentBytes = statsAfter?.PeakResidentBytes,
        Extra = extra,
    };

    private double PerItem(long delta) => delta / (double)size;
}
