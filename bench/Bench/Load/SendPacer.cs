using System.Diagnostics;

namespace OrleansIm.Bench.Load;

/// <summary>
/// Offers load two ways. Closed loop: every sender keeps a fixed number of sends in flight, which
/// finds the maximum throughput. Open loop: a central ticker issues sends at a fixed total rate
/// whatever the server does, which is how latency at a given load is measured honestly.
/// </summary>
public static class SendPacer
{
    public static async Task ClosedLoopAsync(IReadOnlyList<string> senders, int inFlightPerSender, TimeSpan duration, Func<string, Task> send, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(senders.Select(sender => Task.Run(async () =>
        {
            using var window = new SemaphoreSlim(inFlightPerSender);
            var inFlight = new List<Task>();
            while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
            {
                await window.WaitAsync(cancellationToken);
                inFlight.Add(send(sender).ContinueWith(_ => window.Release(), TaskScheduler.Default));
                if (inFlight.Count > 4 * inFlightPerSender)
                {
                    inFlight.RemoveAll(t => t.IsCompleted);
                }
            }
            await Task.WhenAll(inFlight);
        }, cancellationToken)));
    }

    public static async Task OpenLoopAsync(IReadOnlyList<string> senders, double totalPerSecond, TimeSpan duration, Func<string, Task> send, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var issued = 0L;
        var next = 0;
        var inFlight = new List<Task>();
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        while (await ticker.WaitForNextTickAsync(cancellationToken))
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= duration)
            {
                break;
            }
            var due = (long)(elapsed.TotalSeconds * totalPerSecond) - issued;
            for (var i = 0; i < due; i++)
            {
                inFlight.Add(send(senders[next]));
                next = (next + 1) % senders.Count;
                issued++;
            }
            if (inFlight.Count > 10_000)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
        await Task.WhenAll(inFlight);
    }
}
