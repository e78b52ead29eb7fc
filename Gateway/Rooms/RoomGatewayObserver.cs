using OrleansIm.Grains.Interfaces.Rooms;
using RoomClosedCode = OrleansIm.Grains.Interfaces.Rooms.RoomClosedCode;

namespace OrleansIm.Gateway.Rooms;

/// <summary>Receives every room's batches for this whole gateway and hands them to the room's local viewers.</summary>
internal sealed class RoomGatewayObserver(LocalRoomDirectory rooms) : IRoomGatewayObserver
{
    public Task Deliver(string roomId, RoomBatchRecord batch)
    {
        rooms.Find(roomId)?.Deliver(batch);
        return Task.CompletedTask;
    }

    public Task Remove(string roomId, RoomRemoval removal)
    {
        rooms.Find(roomId)?.Remove(removal);
        return Task.CompletedTask;
    }

    public Task Closed(string roomId, string reason)
    {
        rooms.Find(roomId)?.CloseAll(RoomClosedCode.RoomClosed, reason);
        return Task.CompletedTask;
    }
}
