using OrleansIm.Grains.Interfaces.Gateway;

namespace OrleansIm.Gateway.GrainAccess;

/// <summary>
/// The one grain-callable reference to one of this gateway's observers (streams, rooms). Orleans
/// holds observers only weakly, so this singleton keeps the object alive for the life of the process.
/// Co-hosted in a silo (<paramref name="inProcess"/> is the silo's), the object is also registered
/// there, so that silo's grains call it directly instead of messaging their own process.
/// </summary>
internal sealed class ObserverReference<TInterface, TObserver>(TObserver observer, IGrainFactory grainFactory, InProcessObservers? inProcess = null)
    where TInterface : class, IGrainObserver
    where TObserver : class, TInterface
{
    private readonly Lazy<TInterface> _reference = new(() =>
    {
        var reference = grainFactory.CreateObjectReference<TInterface>(observer);
        inProcess?.Register(reference, (TInterface)observer);
        return reference;
    });

    public TInterface Reference => _reference.Value;
}
