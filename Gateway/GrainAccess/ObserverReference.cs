namespace OrleansIm.Gateway.GrainAccess;

/// <summary>
/// The one grain-callable reference to one of this gateway's observers (streams, rooms). Orleans
/// holds observers only weakly, so this singleton keeps the object alive for the life of the process.
/// </summary>
internal sealed class ObserverReference<TInterface, TObserver>(TObserver observer, IGrainFactory grainFactory)
    where TInterface : IGrainObserver
    where TObserver : class, TInterface
{
    private readonly Lazy<TInterface> _reference = new(() => grainFactory.CreateObjectReference<TInterface>(observer));

    public TInterface Reference => _reference.Value;
}
