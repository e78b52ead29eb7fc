using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Gateway.Rooms;

/// <summary>
/// Keeps this gateway's room subscriptions alive and their viewer counts current (the room's
/// count is the sum of these reports, so it lags by up to one interval), re-subscribes rooms
/// that moved or restarted, and on shutdown tells every viewer to watch again elsewhere.
/// </summary>
internal sealed class RoomRefresher(
    RoomSubscriptions subscriptions,
    IOptions<LiveRoomOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<RoomRefresher> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // At the first sign of shutdown, before any hosted service stops: a standalone gateway's
        // Orleans client may stop before this service does, and the watches would then break
        // with an error instead of ending with a "draining" frame.
        lifetime.ApplicationStopping.Register(() => subscriptions.CloseAll("the gateway is shutting down; watch again"));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.GatewayRefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RefreshAllAsync();
        }
    }

    /// <summary>One round of refreshes, all rooms at once.</summary>
    public Task RefreshAllAsync() => Task.WhenAll(subscriptions.Rooms
        .Where(r => r.Subscription.IsCompletedSuccessfully)
        .Select(RefreshAsync));

    private async Task RefreshAsync(LocalRoom room)
    {
        try
        {
            await subscriptions.Grain(room.RoomId).Refresh(subscriptions.GatewayId, subscriptions.Observer, room.Generation, room.ViewerCount);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Refreshing room {Room} failed", room.RoomId);
        }
    }
}
