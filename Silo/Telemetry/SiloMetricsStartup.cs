using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OrleansIm.Grains.Storage;
using OrleansIm.Grains.Telemetry;

namespace OrleansIm.Silo.Telemetry;

/// <summary>
/// The silo's metrics that read state at collection time (the store's circuit breaker), and the
/// zero series of its labelled counters.
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
            meters.Create(StoreMetrics.MeterName).CreateObservableGauge("orleansim.store.failing", () => groupCommit.IsFailing ? 1 : 0, "{state}",
                "1 while the message store's circuit breaker refuses writes because the store keeps failing, else 0.");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        RoomMetrics.Prime();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
