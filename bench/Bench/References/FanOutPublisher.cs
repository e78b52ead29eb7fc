using System.Diagnostics;
using NATS.Client.Core;

namespace OrleansIm.Bench.References;

/// <summary>
/// Publishes to the group subjects round-robin, each group through one connection (group g on
/// connection g mod N), either at a fixed total rate whatever the server does (open loop) or as
/// fast as the in-flight window allows (closed loop).
/// </summary>
internal sealed class FanOutPublisher(IReadOnlyList<NatsConnection> connections, IReadOnlyList<string> subjects, NatsFanOutSettings settings, FanOutProgress progress)
{
    // The open loop's pacing tick: fine enough that a burst is a few ms of the rate.
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(2);
    private long _next;

    /// <summary>Publishes for <paramref name="duration"/>; returns how many messages it published.</summary>
    public Task<long> RunAsync(TimeSpan duration, bool measured, CancellationToken cancellationToken) =>
        settings.MessagesPerSecond > 0
            ? OpenLoopAsync(duration, measured, cancellationToken)
            : ClosedLoopAsync(duration, measured, cancellationToken);

    private async Task<long> ClosedLoopAsync(TimeSpan duration, bool measured, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        long published = 0;
        while (duration - Stopwatch.GetElapsedTime(started) is var left && left > TimeSpan.Zero)
        {
            if (!await progress.WaitForCreditAsync(left, cancellationToken))
            {
                break;
            }
            await PublishNextAsync(measured, cancellationToken);
            published++;
        }
        return published;
    }

    private async Task<long> OpenLoopAsync(TimeSpan duration, bool measured, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        long published = 0;
        using var ticker = new PeriodicTimer(Tick);
        do
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= duration)
            {
                break;
            }
            var due = (long)(elapsed.TotalSeconds * settings.MessagesPerSecond);
            for (; published < due; published++)
            {
                await PublishNextAsync(measured, cancellationToken);
            }
        }
        while (await ticker.WaitForNextTickAsync(cancellationToken));
        return published;
    }

    private ValueTask PublishNextAsync(bool measured, CancellationToken cancellationToken)
    {
        var group = (int)(_next++ % subjects.Count);
        var payload = FanOutPayload.Create(settings.PayloadBytes, measured);
        return connections[group % connections.Count].PublishAsync(subjects[group], payload, cancellationToken: cancellationToken);
    }
}
