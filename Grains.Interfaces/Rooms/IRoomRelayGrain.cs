using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>
/// The relay tier: when a room has more gateways than its threshold, it hands each window's
/// batch to a few relays (key "roomId/index"), each of which calls its share of gateways. The
/// room's cost per window becomes the number of relays instead of the number of gateways.
/// </summary>
[Alias("OrleansIm.IRoomRelayGrain")]
public interface IRoomRelayGrain : IGrainWithStringKey
{
    [Alias("Relay"), OneWay]
    Task Relay(string roomId, RoomBatchRecord batch, IRoomGatewayObserver[] gateways);
}
