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
internal sealed class RoomRefresher(RoomSubscriptions subscriptions, IOptions<LiveRoomOptions> options, ILogger<RoomRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.GatewayRefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RefreshAllAsync();
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        subscriptions.CloseAll("the gateway is shutting down; watch again");
        return base.StopAsync(cancellationToken);
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
