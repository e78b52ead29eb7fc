using System.Diagnostics;
using NATS.Client.Core;
using OrleansIm.Bench.Measurement;

namespace OrleansIm.Bench.References;

/// <summary>
/// The fan-out reference: the same groups, members and connection pattern as the harness's
/// group scenarios, on nats-server with plain core NATS (at most once, no storage). Each group
/// is a subject, each member one subscription on its connection; messages carry their publish
/// time so each delivery's latency is measured in this process.
/// </summary>
public sealed class NatsFanOutReference
{
    private const int ConnectParallelism = 32;

    public async Task<NatsFanOutResult> RunAsync(NatsFanOutSettings settings, CancellationToken cancellationToken)
    {
        settings.Validate();
        var subscribers = settings.Groups * settings.MembersPerGroup;
        var connectionCount = settings.Connections == 0 ? subscribers : Math.Min(settings.Connections, subscribers);
        var run = Guid.NewGuid().ToString("N")[..8];
        var subjects = Enumerable.Range(0, settings.Groups).Select(g => $"bench.{run}.g{g}").ToList();
        var creditMessages = settings.MessagesPerSecond > 0 ? (int?)null : Math.Max(1, settings.MaxDeliveriesInFlight / settings.MembersPerGroup);
        var progress = new FanOutProgress(settings.MembersPerGroup, creditMessages);
        var tallies = Enumerable.Range(0, connectionCount).Select(_ => new FanOutTally()).ToList();
        var connections = new NatsConnection[connectionCount];
        var readers = new List<Task>(subscribers);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForAsync(0, connectionCount, new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                connections[i] = new NatsConnection(new NatsOpts { Url = settings.Url, Name = $"orleansim-bench-{i}" });
                await connections[i].ConnectAsync();
            });
            for (var member = 0; member < subscribers; member++)
            {
                var c = member % connectionCount;
                var subscription = await connections[c].SubscribeCoreAsync<byte[]>(subjects[member / settings.MembersPerGroup], cancellationToken: cancellationToken);
                readers.Add(ReceiveAsync(subscription, tallies[c], progress, stop.Token));
            }
            // A round trip on every connection: the server has processed every SUB before the first publish.
            await Task.WhenAll(connections.Select(c => c.PingAsync(cancellationToken).AsTask()));

            var publisher = new FanOutPublisher(connections, subjects, settings, progress);
            var warmup = await publisher.RunAsync(settings.Warmup, measured: false, cancellationToken);
            var cpuBefore = settings.ServerCpu?.Invoke();
            var started = Stopwatch.GetTimestamp();
            var published = await publisher.RunAsync(settings.Duration, measured: true, cancellationToken);
            var ended = Stopwatch.GetTimestamp();
            progress.CloseWindow(ended);
            await progress.DrainAsync((warmup + published) * settings.MembersPerGroup, settings.DrainTimeout, cancellationToken);
            var cpu = settings.ServerCpu?.Invoke() - cpuBefore;
            return Summarize(settings, tallies, published, Stopwatch.GetElapsedTime(started, ended).TotalSeconds) with { ServerCpuSeconds = cpu?.TotalSeconds };
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(readers).ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var connection in connections.Where(c => c is not null))
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task ReceiveAsync(INatsSub<byte[]> subscription, FanOutTally tally, FanOutProgress progress, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync(cancellationToken))
            {
                var now = Stopwatch.GetTimestamp();
                if (message.Data is { } data && FanOutPayload.IsMeasured(data))
                {
                    tally.Record(FanOutPayload.SentTimestamp(data), now, progress.InWindow(now));
                }
                progress.OnDelivery();
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
        finally
        {
            await subscription.DisposeAsync();
        }
    }

    private static NatsFanOutResult Summarize(NatsFanOutSettings settings, IReadOnlyList<FanOutTally> tallies, long published, double seconds)
    {
        var latency = new LatencyHistogram();
        foreach (var tally in tallies)
        {
            latency.Add(tally.Latency);
        }
        var delivered = tallies.Sum(t => t.Delivered);
        return new NatsFanOutResult(
            Seconds: seconds,
            OfferedPerSecond: published / seconds,
            DeliveredPerSecond: tallies.Sum(t => t.DeliveredInWindow) / seconds,
            P50Ms: latency.PercentileMilliseconds(0.50),
            P99Ms: latency.PercentileMilliseconds(0.99),
            P999Ms: latency.PercentileMilliseconds(0.999),
            MaxMs: latency.MaxMilliseconds,
            Published: published,
            Delivered: delivered,
            Missing: Math.Max(0, published * settings.MembersPerGroup - delivered));
    }
}
