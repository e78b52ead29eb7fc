using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansIm.Grains.Interfaces.Rooms;
using RoomClosedCode = OrleansIm.Grains.Interfaces.Rooms.RoomClosedCode;
using OrleansIm.Gateway.GrainAccess;

namespace OrleansIm.Gateway.Rooms;

/// <summary>
/// Joins and leaves of local viewers: the first local viewer of a room subscribes this gateway
/// to it, later ones join the same subscription without a grain call, and the last one to
/// leave unsubscribes.
/// </summary>
internal sealed class RoomSubscriptions(
    LocalRoomDirectory directory,
    IGrainFactory grains,
    ObserverReference<IRoomGatewayObserver, RoomGatewayObserver> observer,
    IOptions<LiveRoomOptions> options,
    TimeProvider clock,
    ILogger<RoomSubscriptions> logger)
{
    private long _generation;

    /// <summary>Identifies this gateway process to rooms.</summary>
    public string GatewayId { get; } = Guid.NewGuid().ToString("N");

    public IReadOnlyList<LocalRoom> Rooms => directory.All;

    public IRoomGatewayObserver Observer => observer.Reference;

    /// <summary>Adds the viewer to the room (subscribing first if it is the gateway's first) and returns its first frame.</summary>
    public async Task<(LocalRoom Room, Protocol.V1.RoomJoined Joined)> JoinAsync(string roomId, RoomViewer viewer)
    {
        // The subscription starts inside the directory's lock, so a concurrent joiner of the
        // same room never sees a room without one.
        var room = directory.Acquire(roomId, () =>
        {
            var created = new LocalRoom(roomId, Interlocked.Increment(ref _generation), options.Value.RingSize);
            created.Subscription = SubscribeAsync(created);
            return created;
        });
        try
        {
            await room.Subscription;
            return (room, room.Join(viewer, clock.GetUtcNow().ToUnixTimeMilliseconds()));
        }
        catch
        {
            Release(room);
            throw;
        }
    }

    public void Leave(LocalRoom room, RoomViewer viewer)
    {
        room.Leave(viewer);
        Release(room);
    }

    /// <summary>Ends every local watch (the gateway is stopping).</summary>
    public void CloseAll(string reason)
    {
        foreach (var room in directory.All)
        {
            room.CloseAll(RoomClosedCode.GatewayDraining, reason);
        }
    }

    public ILiveRoomGrain Grain(string roomId) => grains.GetGrain<ILiveRoomGrain>(roomId);

    private async Task<RoomSnapshot> SubscribeAsync(LocalRoom room)
    {
        // Count the viewer being added: the room's count should not lag the first join.
        var snapshot = await Grain(room.RoomId).Subscribe(GatewayId, observer.Reference, room.Generation, 1);
        room.Apply(snapshot);
        return snapshot;
    }

    private void Release(LocalRoom room)
    {
        if (directory.Release(room))
        {
            _ = UnsubscribeAsync(room);
        }
    }

    private async Task UnsubscribeAsync(LocalRoom room)
    {
        try
        {
            if (room.Subscription.IsCompletedSuccessfully)
            {
                await Grain(room.RoomId).Unsubscribe(GatewayId, room.Generation);
            }
        }
        catch (Exception ex)
        {
            // The room forgets a gateway that stops refreshing anyway.
            logger.LogDebug(ex, "Unsubscribing from room {Room} failed", room.RoomId);
        }
    }
}
