using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Grains.Tests.Rooms;

/// <summary>One pretend gateway: its recording observer, the reference rooms call, and its subscription generations.</summary>
public sealed class RoomTestGateway(RecordingRoomObserver observer, IRoomGatewayObserver reference)
{
    private long _generation;

    public string Id { get; } = "gw-" + Guid.NewGuid().ToString("N")[..8];

    public RecordingRoomObserver Observer { get; } = observer;

    /// <summary>Keeps the observer reachable: the client holds object references weakly.</summary>
    public IRoomGatewayObserver Reference { get; } = reference;

    public Task<RoomSnapshot> SubscribeAsync(ILiveRoomGrain room, int viewers) =>
        room.Subscribe(Id, Reference, ++_generation, viewers);

    public Task RefreshAsync(ILiveRoomGrain room, int viewers) => room.Refresh(Id, Reference, _generation, viewers);

    public Task UnsubscribeAsync(ILiveRoomGrain room) => room.Unsubscribe(Id, _generation);
}
