using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>
/// One per gateway process, for all rooms its viewers watch. One-way calls: a slow or dead
/// gateway never holds a room up; its viewers simply miss what it missed.
/// </summary>
[Alias("OrleansIm.IRoomGatewayObserver")]
public interface IRoomGatewayObserver : IGrainObserver
{
    [Alias("Deliver"), OneWay]
    Task Deliver(string roomId, RoomBatchRecord batch);

    /// <summary>Ends the user's local watches of the room; the gateway refuses them until <see cref="RoomRemoval.UntilMs"/>.</summary>
    [Alias("Remove"), OneWay]
    Task Remove(string roomId, RoomRemoval removal);

    /// <summary>Ends every local watch of the room.</summary>
    [Alias("Closed"), OneWay]
    Task Closed(string roomId, string reason);
}
