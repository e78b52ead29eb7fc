using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Gateway.Rooms;

/// <summary>
/// Reports this gateway's viewer arrivals and departures to each room once per window, so a
/// room of 100,000 viewers pays one call per gateway per window for them, not one per viewer.
/// </summary>
internal sealed class RoomViewerAnnouncer(RoomSubscriptions subscriptions, IOptions<LiveRoomOptions> options, ILogger<RoomViewerAnnouncer> logger) : BackgroundService
{
    // More arrivals than this in one window are not worth announcing one by one; the viewer
    // count (pushed with every batch) still tells how many came.
    private const int MaxAnnouncedPerWindow = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Window);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Task.WhenAll(subscriptions.Rooms.Where(r => r.Subscription.IsCompletedSuccessfully).Select(AnnounceAsync));
        }
    }

    private async Task AnnounceAsync(LocalRoom room)
    {
        var (arrived, departed) = room.TakeArrivalsAndDepartures(MaxAnnouncedPerWindow);
        if (arrived.Length == 0 && departed.Length == 0)
        {
            return;
        }
        try
        {
            await subscriptions.Grain(room.RoomId).AnnounceViewers(arrived, departed);
        }
        catch (Exception ex)
        {
            // Announcements are best effort (the lowest class); the viewer count stays right.
            logger.LogDebug(ex, "Announcing viewers of room {Room} failed", room.RoomId);
        }
    }
}
