using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OrleansIm.Gateway.Connections;
using OrleansIm.Gateway.Rooms;

namespace OrleansIm.Gateway.Telemetry;

/// <summary>
/// Gauges read from this gateway's state when metrics are collected (a scrape), so they cost
/// nothing on the paths that change that state. It also makes the labelled counters' zero series exist (<see cref="GatewayMetrics.Prime"/>).
/// </summary>
internal sealed class GatewayGauges : IHostedService
{
    public GatewayGauges(IMeterFactory meters, ConnectionRegistry connections, LocalRoomDirectory rooms, IServiceProvider services)
    {
        // Built now, before any hosted service starts (a standalone gateway starts them side by
        // side), so the zero series primed at start are recorded.
        services.GetService<MeterProvider>();
        // The factory owns the meter and disposes it with the host.
        var meter = meters.Create(GatewayMetrics.MeterName);
        meter.CreateObservableUpDownCounter("orleansim.gateway.connections", () => connections.Count, "{connection}",
            "Connect streams open at this gateway.");
        meter.CreateObservableGauge("orleansim.gateway.outbound.queued", () => connections.All.Sum(c => (long)c.QueuedFrames), "{frame}",
            "Frames waiting in all outbound queues of this gateway.");
        meter.CreateObservableGauge("orleansim.gateway.outbound.queue_max", () => connections.All.Select(c => c.QueuedFrames).DefaultIfEmpty(0).Max(), "{frame}",
            "Frames waiting in the fullest outbound queue of this gateway (the capacity is OrleansIm:Gateway:OutboundQueueCapacity).");
        meter.CreateObservableGauge("orleansim.gateway.outbound.queued_bytes", () => connections.All.Sum(c => c.QueuedBytes), "By",
            "Serialized bytes waiting in all outbound queues of this gateway (each queue is bounded by OrleansIm:Gateway:OutboundQueueMaxBytes).");
        meter.CreateObservableGauge("orleansim.gateway.room.viewers", () => rooms.All.Sum(r => (long)r.ViewerCount), "{viewer}",
            "Live-room viewers watching through this gateway.");
        meter.CreateObservableGauge("orleansim.gateway.rooms", () => rooms.All.Count, "{room}",
            "Live rooms this gateway is subscribed to.");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        GatewayMetrics.Prime();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
