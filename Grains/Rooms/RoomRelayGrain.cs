using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Grains.Rooms;

/// <summary>
/// A relay of the room's fan-out tree. It keeps nothing: the room sends the share of gateways
/// with every batch, so a relay that moved or restarted serves the next window correctly.
/// Not reentrant, so one relay delivers the room's windows in the order it received them.
/// </summary>
public sealed class RoomRelayGrain : Grain, IRoomRelayGrain
{
    public Task Relay(string roomId, RoomBatchRecord batch, IRoomGatewayObserver[] gateways)
    {
        foreach (var gateway in gateways)
        {
            _ = gateway.Deliver(roomId, batch);
        }
        return Task.CompletedTask;
    }
}
