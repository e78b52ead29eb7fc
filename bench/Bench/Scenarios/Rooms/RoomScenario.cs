using System.Diagnostics;
using Grpc.Net.Client;
using OrleansIm.Bench.Core;
using OrleansIm.Bench.References;
using OrleansIm.Client;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Scenarios.Rooms;

/// <summary>
/// Live room: one room, 2,000 viewers over 20 shared connections, posts at rising rates with a
/// mix of classes. Reports delivered messages/s, post-to-deliver p99 and the shed fraction per
/// class, next to nats-server fanning the same rate to the same number of subscribers over
/// the same number of connections.
/// </summary>
public sealed class RoomScenario : IScenario
{
    private static readonly RoomMessageClass[] Classes = [RoomMessageClass.Gift, RoomMessageClass.Chat, RoomMessageClass.Like];

    public string Name => "room";

    public string Description => "live room (1 room, 2,000 viewers): delivered/s, p99, shed per class vs nats-server";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var viewers = options.Users ?? (options.Smoke ? 200 : 2000);
        var connections = options.Connections ?? (options.Smoke ? 4 : 20);
        double[] rates = options.Smoke ? [20] : [25, 50, 100, 200, 400];
        var results = new List<ScenarioResult>();
        await using (var node = await context.StartSystemUnderTestAsync())
        {
            results.AddRange(await RunOnNodeAsync(node, viewers, connections, rates, context, cancellationToken));
        }
        if (!options.NoReferences)
        {
            var nats = await RunOnNatsAsync(viewers, connections, rates, context, cancellationToken);
            results.AddRange(nats);
            results = [.. results.Select(r => r.Target == "nats-server" ? r : WithNatsRatio(r, nats))];
        }
        return results;
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
            var cpuBefore = node.Stats()?.CpuTime;
            var started = Stopwatch.GetTimestamp();
            await poster.RunAsync(rate, context.Options.PhaseDuration, measured: true, cancellationToken);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await DrainAsync(() => Classes.Sum(c => fleet.Delivered[c]), cancellationToken);
            var offered = Classes.Sum(c => poster.Offered[c]);
            var delivered = Classes.Sum(c => fleet.Delivered[c]);
            var extra = Classes.ToDictionary(c => $"shed{c}", c => ShedFraction(poster.Offered[c], fleet.Delivered[c], viewers));
            extra["refusedByRoom"] = Classes.Sum(c => poster.Refused[c]);
            extra["viewersClosed"] = Interlocked.Read(ref fleet.Closed);
            var cpu = node.Stats()?.CpuTime is { } after && cpuBefore is { } before ? (after - before).TotalSeconds : (double?)null;
            results.Add(Row(node.Name, rate, seconds, offered, delivered, Summary(fleet.Latency, delivered), Math.Max(0, offered * viewers - delivered)) with
            {
                ReferenceTarget = "nats-server",
                Errors = Interlocked.Read(ref poster.Errors),
                ServerCpuSeconds = cpu,
                Extra = extra,
            });
        }
        return results;
    }

    private static async Task<IReadOnlyList<ScenarioResult>> RunOnNatsAsync(int viewers, int connections, double[] rates, BenchContext context, CancellationToken cancellationToken)
    {
        context.Log("starting nats-server");
        await using var server = await NatsServerProcess.StartAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var results = new List<ScenarioResult>();
        // One subject (the room) with a subscriber per viewer, spread over the same connections.
        var settings = new NatsFanOutSettings { Url = server.Url, Groups = 1, MembersPerGroup = viewers, Connections = connections };
        settings = settings with { Duration = context.Options.PhaseDuration, Warmup = context.Options.Warmup };
        foreach (var rate in rates)
        {
            context.Log($"room on nats-server: {rate} messages/s to {viewers} subscribers over {connections} connections");
            var result = await new NatsFanOutReference().RunAsync(settings with { MessagesPerSecond = rate }, cancellationToken);
            var latency = new LatencySummary(result.Delivered, result.P50Ms, result.P99Ms, result.P999Ms, result.MaxMs);
            results.Add(Row("nats-server", rate, result.Seconds, result.Published, result.Delivered, latency, result.Missing) with { DeliveredPerSecond = result.DeliveredPerSecond });
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

    private static LatencySummary Summary(LatencyHistogram latency, long count) => new(
        count, latency.PercentileMilliseconds(0.50), latency.PercentileMilliseconds(0.99), latency.PercentileMilliseconds(0.999), latency.MaxMilliseconds);

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
