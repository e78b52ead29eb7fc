using System.Diagnostics;
using OrleansIm.Bench.Core;
using OrleansIm.Bench.Load;
using OrleansIm.Bench.Measurement;

namespace OrleansIm.Bench.Scenarios.Messaging;

/// <summary>
/// The phases every messaging scenario runs against a target: a warm-up (the JIT and the
/// activations settle, nothing recorded), the maximum throughput (closed loop), then latency
/// at half of that maximum (open loop), and, when asked, the capacity within a p99 target
/// (<see cref="SloRateSearch"/>). Each phase is drained and checked for lost and duplicated
/// deliveries.
/// </summary>
public sealed class MessagingWorkload(
    string scenario,
    ITarget target,
    ClientFleet fleet,
    DeliverySink sink,
    IReadOnlyList<string> senders,
    Func<string, MessageRoute> route,
    BenchContext context)
{
    // 64 bytes, like the reference figures in the environment notes.
    private const string Payload = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const int InFlightPerSender = 4;
    private const int MaxSloProbes = 5;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(20);

    public string? ReferenceTarget { get; init; }

    /// <summary>Every phase's ledger, so a scenario can check them against history afterwards.</summary>
    public List<(string Phase, DeliveryLedger Ledger)> Ledgers { get; } = [];

    /// <param name="latencyRate">The latency phase's rate; null for half of the maximum.</param>
    /// <param name="sloP99Ms">When given, also search for the highest rate whose p99 send→deliver stays within it.</param>
    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(double? latencyRate, CancellationToken cancellationToken, double? sloP99Ms = null)
    {
        var options = context.Options;
        await WarmUpAsync(options.ThroughputWarmup, cancellationToken);

        context.Log($"{scenario} on {target.Name}: maximum throughput, {options.PhaseDuration.TotalSeconds:0}s closed loop ({InFlightPerSender} in flight per sender)");
        var max = await RunPhaseAsync("max", (send, ct) => SendPacer.ClosedLoopAsync(senders, InFlightPerSender, options.PhaseDuration, send, ct), cancellationToken);

        // The offered rate that reaches half the maximum delivered rate.
        var deliveriesPerSend = max.Sent == 0 ? 1 : (double)max.Delivered / Math.Max(1, max.Acked);
        var maxSendRate = max.DeliveredPerSecond / Math.Max(1, deliveriesPerSend);
        var rate = latencyRate ?? Math.Max(1, 0.5 * maxSendRate);
        context.Log($"{scenario} on {target.Name}: latency at {rate:0} sends/s (50% of max), {options.PhaseDuration.TotalSeconds:0}s open loop");
        var half = await RunPhaseAsync("latency@50%", (send, ct) => SendPacer.OpenLoopAsync(senders, rate, options.PhaseDuration, send, ct), cancellationToken);
        List<ScenarioResult> results = [max, half];
        foreach (var extra in options.Rates)
        {
            results.Add(await RunOpenLoopAsync(FixedRatePhase(extra), extra, options.PhaseDuration, cancellationToken));
        }
        if (sloP99Ms is { } p99Target && maxSendRate > 0)
        {
            results.AddRange(await SearchCapacityAsync(p99Target, maxSendRate, results.Skip(1).ToList(), cancellationToken));
        }
        return results;
    }

    /// <summary>The phase name of the capacity search's result, the same on every target so rows compare.</summary>
    public static string SloPhase(double p99Ms) => $"within p99 {p99Ms:0.#} ms";

    /// <summary>
    /// Bisects open-loop rates (the open-loop phases already run count as probes) for the
    /// highest one whose p99 send→deliver meets <paramref name="p99Ms"/> with nothing failed,
    /// lost or duplicated. Returns the probes it ran (rows without a reference: their rates
    /// differ between targets), then the capacity row: the best probe's, renamed, or with
    /// nothing found a row without any rate.
    /// </summary>
    private async Task<IReadOnlyList<ScenarioResult>> SearchCapacityAsync(double p99Ms, double maxSendRate, IReadOnlyList<ScenarioResult> openLoop, CancellationToken cancellationToken)
    {
        var search = new SloRateSearch(maxSendRate);
        var probes = new List<ScenarioResult>(openLoop);
        var ran = new List<ScenarioResult>();
        foreach (var phase in openLoop)
        {
            search.Record(phase.OfferedPerSecond, Meets(phase, p99Ms));
        }
        for (var probe = 1; probe <= MaxSloProbes && search.Next() is { } next; probe++)
        {
            var result = await RunOpenLoopAsync($"capacity probe {probe}", next, context.Options.PhaseDuration, cancellationToken);
            probes.Add(result);
            ran.Add(result with { ReferenceTarget = null });
            search.Record(result.OfferedPerSecond, Meets(result, p99Ms));
        }

        var best = probes.Where(p => Meets(p, p99Ms)).MaxBy(p => p.OfferedPerSecond);
        var lowestFailing = probes.Where(p => !Meets(p, p99Ms)).MinBy(p => p.OfferedPerSecond);
        context.Log(best is null
            ? $"{scenario} on {target.Name}: no rate down to {search.LowestFailing:0} sends/s kept p99 within {p99Ms:0.#} ms"
            : $"{scenario} on {target.Name}: {best.OfferedPerSecond:0} sends/s ({best.OfferedPerSecond / maxSendRate:P0} of max) kept p99 within {p99Ms:0.#} ms");
        var extras = new Dictionary<string, double>(best?.Extra ?? new Dictionary<string, double>())
        {
            ["sloP99TargetMs"] = p99Ms,
            ["sloFractionOfMax"] = (best?.OfferedPerSecond ?? 0) / maxSendRate,
            ["sloPhasesRun"] = probes.Count,
        };
        if (lowestFailing is not null)
        {
            extras["sloLowestFailingPerSecond"] = lowestFailing.OfferedPerSecond;
            extras["sloLowestFailingP99Ms"] = lowestFailing.SendToDeliver?.P99Ms ?? double.NaN;
        }
        var capacity = (best ?? new ScenarioResult { Scenario = scenario, Phase = "", Target = target.Name }) with
        {
            Phase = SloPhase(p99Ms),
            ReferenceTarget = ReferenceTarget,
            Extra = extras,
        };
        return [.. ran, capacity];
    }

    private static bool Meets(ScenarioResult phase, double p99Ms) =>
        phase.Errors == 0 && phase.Lost == 0 && phase.Duplicated == 0 && phase.SendToDeliver is { } latency && latency.P99Ms <= p99Ms;

    /// <summary>The phase name of an extra open-loop phase (<c>--rates</c>), the same on every target so rows compare.</summary>
    public static string FixedRatePhase(double rate) => $"at {rate:0}/s";

    /// <summary>
    /// A warm-up, then one open-loop phase at a given rate: the reference at the system's own
    /// latency rate, to show how much of the tail the load generator and the machine add anyway.
    /// </summary>
    public async Task<ScenarioResult> RunAtRateAsync(string phase, double rate, CancellationToken cancellationToken)
    {
        await WarmUpAsync(context.Options.ThroughputWarmup, cancellationToken);
        return await RunOpenLoopAsync(phase, rate, context.Options.PhaseDuration, cancellationToken);
    }

    /// <summary>A closed-loop warm-up: the JIT and the activations settle, nothing recorded.</summary>
    public async Task WarmUpAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }
        context.Log($"{scenario} on {target.Name}: warm-up {duration.TotalSeconds:0}s");
        await RunPhaseAsync("warmup", (send, ct) => SendPacer.ClosedLoopAsync(senders, InFlightPerSender, duration, send, ct), cancellationToken);
    }

    /// <summary>One open-loop phase at a given rate, without a warm-up of its own.</summary>
    public async Task<ScenarioResult> RunOpenLoopAsync(string phase, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        context.Log($"{scenario} on {target.Name}: {phase}, {rate:0} sends/s, {duration.TotalSeconds:0}s open loop");
        return await RunPhaseAsync(phase, (send, ct) => SendPacer.OpenLoopAsync(senders, rate, duration, send, ct), cancellationToken);
    }

    private static readonly HttpClient Scrapes = new() { Timeout = TimeSpan.FromSeconds(10) };

    private async Task<ScenarioResult> RunPhaseAsync(string phase, Func<Func<string, Task>, CancellationToken, Task> drive, CancellationToken cancellationToken)
    {
        var ledger = new DeliveryLedger();
        sink.Current = ledger;
        var cpuBefore = (await target.StatsAsync(cancellationToken))?.CpuTime;
        var databaseCpuBefore = target.DatabaseCpuTime();
        var machineBefore = MachineCpu.Busy();
        var stolenBefore = MachineCpu.Stolen();
        var harnessBefore = MachineCpu.Harness();
        var harnessPauseBefore = GC.GetTotalPauseDuration();
        var scrapeBefore = await ServerScrape.ReadAsync(Scrapes, target.MetricsEndpoints, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await drive(sender => SendAsync(ledger, sender), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var deliveredInWindow = ledger.Delivered;
        await DrainAsync(ledger, cancellationToken);
        var stats = await target.StatsAsync(cancellationToken);
        var scrapeAfter = await ServerScrape.ReadAsync(Scrapes, target.MetricsEndpoints, cancellationToken);
        var databaseCpu = target.DatabaseCpuTime() - databaseCpuBefore;
        var serverCpu = stats?.CpuTime - cpuBefore;
        var harnessCpu = MachineCpu.Harness() - harnessBefore;
        var harnessPause = GC.GetTotalPauseDuration() - harnessPauseBefore;
        var serverCpuHere = target.RunsOnThisMachine ? serverCpu : TimeSpan.Zero;
        var otherCpu = MachineCpu.Busy() - machineBefore - harnessCpu - serverCpuHere - (databaseCpu ?? TimeSpan.Zero);
        if (phase != "warmup")
        {
            Ledgers.Add((phase, ledger));
        }
        var lost = ledger.MissingDeliveries();
        var extras = CpuExtras(databaseCpu, otherCpu, MachineCpu.Stolen() - stolenBefore);
        // The load generator shares the machine: its CPU and its own GC pauses (which delay both
        // what it sends and when it notices a delivery) are part of every latency it reports.
        extras["harnessCpuSeconds"] = harnessCpu.TotalSeconds;
        extras["harnessGcPauseSeconds"] = harnessPause.TotalSeconds;
        if (scrapeBefore is not null && scrapeAfter is not null)
        {
            foreach (var (key, value) in scrapeAfter.PhaseExtras(scrapeBefore, ledger.Acked))
            {
                extras[key] = value;
            }
        }
        return new ScenarioResult
        {
            Scenario = scenario,
            Phase = phase,
            Target = target.Name,
            ReferenceTarget = ReferenceTarget,
            Seconds = elapsed.TotalSeconds,
            OfferedPerSecond = ledger.Sent / elapsed.TotalSeconds,
            DeliveredPerSecond = deliveredInWindow / elapsed.TotalSeconds,
            SendToAck = ledger.SendToAck.Summarize(),
            SendToDeliver = ledger.SendToDeliver.Summarize(),
            Sent = ledger.Sent,
            Acked = ledger.Acked,
            Delivered = ledger.Delivered,
            Errors = ledger.Errors,
            Lost = lost,
            Duplicated = ledger.Duplicated,
            ServerCpuSeconds = serverCpu?.TotalSeconds,
            ServerPeakResidentBytes = stats?.PeakResidentBytes,
            Extra = extras,
        };
    }

    /// <summary>
    /// The database server's CPU where the harness can see it, and what the rest of the machine
    /// (other sessions, builds, the hypervisor's steal) used meanwhile: more than a few seconds of
    /// that makes a phase suspect. The steal is also given alone, as it has no process to blame.
    /// </summary>
    private static Dictionary<string, double> CpuExtras(TimeSpan? databaseCpu, TimeSpan? otherCpu, TimeSpan? stolen)
    {
        var extras = new Dictionary<string, double>();
        if (stolen is { } steal)
        {
            extras["stolenCpuSeconds"] = steal.TotalSeconds;
        }
        if (databaseCpu is { } database)
        {
            extras["databaseCpuSeconds"] = database.TotalSeconds;
        }
        if (otherCpu is { } other)
        {
            extras["otherCpuSeconds"] = Math.Max(0, other.TotalSeconds);
        }
        return extras;
    }

    private async Task SendAsync(DeliveryLedger ledger, string sender)
    {
        var to = route(sender);
        var id = ledger.RecordSending(to.Recipients);
        try
        {
            await fleet[sender].SendTextAsync(to.ConversationId, Payload, id);
            ledger.RecordAck(id);
        }
        catch (Exception)
        {
            ledger.RecordFailure();
        }
    }

    /// <summary>Waits until every acked message reached all its recipients, or gives up (those count as lost).</summary>
    private static async Task DrainAsync(DeliveryLedger ledger, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (ledger.MissingDeliveries() > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
