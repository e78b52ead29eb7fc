using OrleansIm.Grains.Interfaces.Gateway;

namespace OrleansIm.Gateway.Connections;

/// <summary>
/// The one grain-callable reference to this gateway's observer. Orleans keeps observers only
/// weakly, so this holder keeps the object alive for the life of the process.
/// </summary>
internal sealed class GatewayObserverReference
{
    private readonly GatewayObserver _observer;
    private readonly Lazy<IGatewayObserver> _reference;

    public GatewayObserverReference(GatewayObserver observer, IGrainFactory grainFactory)
    {
        _observer = observer;
        _reference = new Lazy<IGatewayObserver>(() => grainFactory.CreateObjectReference<IGatewayObserver>(_observer));
    }

    public IGatewayObserver Reference => _reference.Value;
}
