using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OrleansIm.Grains.Storage;
using OrleansIm.Grains.Storage.Sqlite;
using OrleansIm.Grains.Telemetry;

namespace OrleansIm.Silo.Telemetry;

/// <summary>
/// The silo's metrics that read state at collection time (the store's circuit breaker, the
/// embedded store's writer thread as the kernel schedules it), and the zero series of its
/// labelled counters.
/// </summary>
internal sealed class SiloMetricsStartup : IHostedService
{
    public SiloMetricsStartup(IMeterFactory meters, IMessageStore store, IServiceProvider services)
    {
        // Built now, before any hosted service starts, so the zero series primed at start are recorded.
        services.GetService<MeterProvider>();
        if (store is GroupCommitMessageStore groupCommit)
        {
            // The factory owns the meter and disposes it with the host.
            var meter = meters.Create(StoreMetrics.MeterName);
            meter.CreateObservableGauge("orleansim.store.failing", () => groupCommit.IsFailing ? 1 : 0, "{state}",
                "1 while the message store's circuit breaker refuses writes because the store keeps failing, else 0.");
            if (store is SqliteMessageStore sqlite)
            {
                // Every commit waits for this one thread: time it spends runnable but off a core
                // delays every ack, and only the kernel can tell (docs/performance.md, session 11).
                meter.CreateObservableCounter("orleansim.store.writer.cpu", () => WriterSeconds(sqlite, stat => stat.OnCpu), "s",
                    "CPU time of the embedded store's group-commit writer thread.");
                meter.CreateObservableCounter("orleansim.store.writer.wait", () => WriterSeconds(sqlite, stat => stat.WaitingForCpu), "s",
                    "Time the embedded store's group-commit writer thread was runnable but waiting for a core (OrleansIm:Storage:WriterNice raises its priority).");
            }
        }
    }

    /// <summary>Nothing until the writer has started, and nothing where the kernel keeps no per-thread statistics.</summary>
    private static IEnumerable<Measurement<double>> WriterSeconds(SqliteMessageStore store, Func<ThreadSchedStat, TimeSpan> pick) =>
        store.WriterPriority is { IsCompletedSuccessfully: true, Result.ThreadId: { } threadId } && ThreadSchedStat.Read(threadId) is { } stat
            ? [new Measurement<double>(pick(stat).TotalSeconds)]
            : [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        RoomMetrics.Prime();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
