using System.Diagnostics;
using Grpc.Net.Client;
using OrleansIm.Bench.Core;
using OrleansIm.Bench.Measurement;
using OrleansIm.Bench.References;
using OrleansIm.Client;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Scenarios.Rooms;

/// <summary>
/// Live room: one room, 2,000 viewers over 20 shared connections, posts at rising rates with a
/// mix of classes. Reports delivered messages/s, post-to-deliver p99 and the shed fraction per
/// class, next to nats-server fanning the same rate to the same number of subscribers over
/// the same number of connections. Each system climbs the ladder until its delivered/s stops
/// growing or its p99 passes a second; the row with its highest delivered/s is its maximum,
/// and the node's maximum is compared with nats-server's.
/// </summary>
public sealed class RoomScenario : IScenario
{
    private static readonly RoomMessageClass[] Classes = [RoomMessageClass.Gift, RoomMessageClass.Chat, RoomMessageClass.Like];

    /// <summary>
    /// The room's token bucket for the run, above the top of the ladder: the default (1,000/s)
    /// would shed likes and chat from 800 posts/s on, and this scenario measures delivery, not the limiter.
    /// </summary>
    private static readonly Dictionary<string, string> NodeSettings = new() { ["OrleansIm:Rooms:MessagesPerSecond"] = "10000" };

    /// <summary>A step that delivers less than this multiple of the best step before it means the system stopped growing.</summary>
    private const double MinGrowth = 1.2;

    private const double MaxP99Ms = 1000;

    public string Name => "room";

    public string Description => "live room (1 room, 2,000 viewers): delivered/s, p99, shed per class vs nats-server";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var viewers = options.Users ?? (options.Smoke ? 200 : 2000);
        var connections = options.Connections ?? (options.Smoke ? 4 : 20);
        double[] rates = options.Smoke ? [20, 40] : [25, 50, 100, 200, 400, 800, 1600, 3200];
        var results = new List<ScenarioResult>();
        await using (var node = await context.StartSystemUnderTestAsync(NodeSettings))
        {
            results.AddRange(await RunOnNodeAsync(node, viewers, connections, rates, context, cancellationToken));
        }
        if (!options.NoReferences)
        {
            var nats = await RunOnNatsAsync(viewers, connections, rates, context, cancellationToken);
            results.AddRange(nats);
            results = [.. results.Select(r => r.Target == "nats-server" ? r : WithNatsRatio(r, nats))];
            results = WithMaxima(results, nats, context);
        }
        return results;
    }

    /// <summary>
    /// True when the ladder should stop: delivered/s no longer growing, or p99 past a second in two
    /// steps in a row (one step alone may be start-up or a neighbour's burst on a shared machine).
    /// </summary>
    private static bool Saturated(IReadOnlyList<ScenarioResult> steps, BenchContext context)
    {
        var last = steps[^1];
        var bestBefore = steps.Take(steps.Count - 1).Select(r => r.DeliveredPerSecond).DefaultIfEmpty(0).Max();
        static bool Slow(ScenarioResult r) => r.SendToDeliver is { P99Ms: > MaxP99Ms };
        var reason = steps.Count >= 2 && Slow(last) && Slow(steps[^2]) ? $"p99 {last.SendToDeliver!.P99Ms:0} ms > {MaxP99Ms:0} ms in two steps in a row"
            : bestBefore > 0 && last.DeliveredPerSecond < MinGrowth * bestBefore ? $"delivered/s {last.DeliveredPerSecond:N0} < {MinGrowth}x the best before ({bestBefore:N0})"
            : null;
        if (reason is not null)
        {
            context.Log($"room on {last.Target}: stopping the ladder at {last.Phase}: {reason}");
        }
        return reason is not null;
    }

    /// <summary>
    /// Marks each system's step with the highest delivered/s (<c>isMax</c>) and gives the node's
    /// the ratio to nats-server's maximum: the "at least 50% of nats-server" target.
    /// </summary>
    private static List<ScenarioResult> WithMaxima(List<ScenarioResult> results, IReadOnlyList<ScenarioResult> nats, BenchContext context)
    {
        var natsMax = nats.MaxBy(r => r.DeliveredPerSecond);
        var maxima = results.GroupBy(r => r.Target).Select(g => g.MaxBy(r => r.DeliveredPerSecond)!).ToHashSet();
        return [.. results.Select(r =>
        {
            if (!maxima.Contains(r))
            {
                return r;
            }
            var extra = new Dictionary<string, double>(r.Extra) { ["isMax"] = 1 };
            if (r.Target != "nats-server" && natsMax is { DeliveredPerSecond: > 0 })
            {
                extra["natsMaxDeliveredPerSecond"] = natsMax.DeliveredPerSecond;
                extra["maxVsNatsMax"] = r.DeliveredPerSecond / natsMax.DeliveredPerSecond;
                context.Log($"room: {r.Target} max {r.DeliveredPerSecond:N0} delivered/s at {r.Phase}, nats-server max {natsMax.DeliveredPerSecond:N0} at {natsMax.Phase}: {extra["maxVsNatsMax"]:0.00}x");
            }
            return r with { Extra = extra };
        })];
    }

    private static async Task<IReadOnlyList<ScenarioResult>> RunOnNodeAsync(ITarget node, int viewers, int connections, double[] rates, BenchContext context, CancellationToken cancellationToken)
    {
        var endpoint = node.GrpcEndpoints[0];
        var run = Guid.NewGuid().ToString("N")[..6];
        context.Log($"room on {node.Name}: logging in {viewers} viewers");
        var tokens = new string[viewers];
        await Parallel.ForAsync(0, viewers, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
            tokens[i] = (await ImClient.DevLoginAsync(endpoint, $"v{run}-{i}", ct)).AccessToken);
        var hostToken = (await ImClient.DevLoginAsync(endpoint, $"host{run}", cancellationToken)).AccessToken;
        using var channel = GrpcChannel.ForAddress(endpoint);
        var rooms = new RoomService.RoomServiceClient(channel);
        var headers = new Grpc.Core.Metadata { { "authorization", "Bearer " + hostToken } };
        var room = (await rooms.CreateRoomAsync(new CreateRoomRequest { Title = "bench" }, headers, cancellationToken: cancellationToken)).RoomId;

        context.Log($"room on {node.Name}: {viewers} viewers joining over {connections} connections");
        await using var fleet = await RoomViewerFleet.StartAsync(endpoint, room, tokens, connections, cancellationToken);
        var poster = new RoomPoster(rooms, hostToken, room);
        var results = new List<ScenarioResult>();
        foreach (var rate in rates)
        {
            context.Log($"room on {node.Name}: {rate} posts/s to {viewers} viewers");
            await poster.RunAsync(rate, context.Options.Warmup, measured: false, cancellationToken);
            fleet.Reset();
            poster.Reset();
            var cpuBefore = (await node.StatsAsync(cancellationToken))?.CpuTime;
            var started = Stopwatch.GetTimestamp();
            await poster.RunAsync(rate, context.Options.PhaseDuration, measured: true, cancellationToken);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await DrainAsync(() => Classes.Sum(c => fleet.Delivered[c]), cancellationToken);
            var offered = Classes.Sum(c => poster.Offered[c]);
            var delivered = Classes.Sum(c => fleet.Delivered[c]);
            var extra = Classes.ToDictionary(c => $"shed{c}", c => ShedFraction(poster.Offered[c], fleet.Delivered[c], viewers));
            extra["refusedByRoom"] = Classes.Sum(c => poster.Refused[c]);
            extra["viewersClosed"] = Interlocked.Read(ref fleet.Closed);
            extra["undelivered"] = Math.Max(0, offered * viewers - delivered);
            var stats = await node.StatsAsync(cancellationToken);
            var cpu = stats?.CpuTime is { } after && cpuBefore is { } before ? (after - before).TotalSeconds : (double?)null;
            // Lost counts gifts only, and only to viewers still connected: gifts are never shed
            // while a connection lives, while likes and chat may be (the shed fractions), and a
            // viewer closed as too slow was told so.
            var (openViewers, giftsToOpen) = fleet.GiftsToOpenViewers();
            var giftsLost = Math.Max(0, poster.Offered[RoomMessageClass.Gift] * openViewers - giftsToOpen);
            results.Add(Row(node.Name, rate, seconds, offered, delivered, Summary(fleet.Latency, delivered), giftsLost) with
            {
                ReferenceTarget = "nats-server",
                SendToAck = poster.PostToAck.Summarize(),
                Acked = poster.PostToAck.Count,
                Errors = Interlocked.Read(ref poster.Errors),
                ServerCpuSeconds = cpu,
                ServerPeakResidentBytes = stats?.PeakResidentBytes,
                Extra = extra,
            });
            if (Saturated(results, context))
            {
                break;
            }
        }
        return results;
    }

    private static async Task<IReadOnlyList<ScenarioResult>> RunOnNatsAsync(int viewers, int connections, double[] rates, BenchContext context, CancellationToken cancellationToken)
    {
        context.Log("starting nats-server");
        await using var server = await NatsServerProcess.StartAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var results = new List<ScenarioResult>();
        // One subject (the room) with a subscriber per viewer, spread over the same connections.
        var settings = new NatsFanOutSettings { Url = server.Url, Groups = 1, MembersPerGroup = viewers, Connections = connections, ServerCpu = () => server.Stats().CpuTime };
        settings = settings with { Duration = context.Options.PhaseDuration, Warmup = context.Options.Warmup };
        foreach (var rate in rates)
        {
            context.Log($"room on nats-server: {rate} messages/s to {viewers} subscribers over {connections} connections");
            var result = await new NatsFanOutReference().RunAsync(settings with { MessagesPerSecond = rate }, cancellationToken);
            var latency = new LatencySummary(result.Delivered, result.P50Ms, result.P99Ms, result.P999Ms, result.MaxMs);
            results.Add(Row("nats-server", rate, result.Seconds, result.Published, result.Delivered, latency, result.Missing) with
            {
                DeliveredPerSecond = result.DeliveredPerSecond,
                ServerCpuSeconds = result.ServerCpuSeconds,
                ServerPeakResidentBytes = server.Stats().PeakResidentBytes,
            });
            if (Saturated(results, context))
            {
                break;
            }
        }
        return results;
    }

    /// <summary>One row of the table; delivered/s counts deliveries of messages posted in the measured window.</summary>
    private static ScenarioResult Row(string target, double rate, double seconds, long posted, long delivered, LatencySummary latency, long lost) => new()
    {
        Scenario = "room",
        Phase = $"{rate:0}/s",
        Target = target,
        Seconds = seconds,
        OfferedPerSecond = posted / seconds,
        DeliveredPerSecond = delivered / seconds,
        SendToDeliver = latency,
        Sent = posted,
        Delivered = delivered,
        Lost = lost,
    };

    /// <summary>Waits until deliveries stop growing for half a second (or 10 s pass): the last windows are still on their way.</summary>
    private static async Task DrainAsync(Func<long> delivered, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var last = -1L;
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            var now = delivered();
            if (now == last)
            {
                return;
            }
            last = now;
            await Task.Delay(500, cancellationToken);
        }
    }

    private static double ShedFraction(long offered, long delivered, int viewers) =>
        offered == 0 ? 0 : Math.Max(0, 1 - (double)delivered / (offered * viewers));

    // Counted over the deliveries the phase credits, which the histogram's own count may exceed by a late straggler.
    private static LatencySummary Summary(LatencyHistogram latency, long count) =>
        (latency.Summarize() ?? new LatencySummary(0, 0, 0, 0, 0)) with { Count = count };

    private static ScenarioResult WithNatsRatio(ScenarioResult result, IReadOnlyList<ScenarioResult> nats)
    {
        var reference = nats.FirstOrDefault(n => n.Phase == result.Phase);
        if (reference is null || reference.DeliveredPerSecond == 0)
        {
            return result;
        }
        return result with { Extra = new Dictionary<string, double>(result.Extra) { ["deliveredVsNats"] = result.DeliveredPerSecond / reference.DeliveredPerSecond } };
    }
}
