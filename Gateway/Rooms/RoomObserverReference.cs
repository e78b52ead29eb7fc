using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Gateway.Rooms;

/// <summary>
/// The one grain-callable reference to this gateway's room observer. Orleans holds observers
/// weakly, so this singleton keeps the object alive for the life of the process.
/// </summary>
internal sealed class RoomObserverReference
{
    private readonly RoomGatewayObserver _observer;
    private readonly Lazy<IRoomGatewayObserver> _reference;

    public RoomObserverReference(RoomGatewayObserver observer, IGrainFactory grainFactory)
    {
        _observer = observer;
        _reference = new Lazy<IRoomGatewayObserver>(() => grainFactory.CreateObjectReference<IRoomGatewayObserver>(_observer));
    }

    public IRoomGatewayObserver Reference => _reference.Value;
}
