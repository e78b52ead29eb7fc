using System.Collections.Concurrent;

namespace OrleansIm.Grains.Interfaces.Gateway;

/// <summary>
/// The grain observers that live in this process, by the id of their reference. A gateway
/// co-hosted in a silo registers its observer here, and that silo's grains call the object
/// directly instead of sending an Orleans message to their own process: at moderate rates every
/// such message costs thread-pool hand-offs out of all proportion to the push it carries
/// (docs/performance.md). A reference not registered here (a standalone gateway, or one
/// co-hosted in another silo) is called through Orleans.
/// </summary>
public sealed class InProcessObservers
{
    private readonly ConcurrentDictionary<GrainId, IGrainObserver> _objects = new();

    /// <summary>Makes <paramref name="observer"/> the object that calls to <paramref name="reference"/> reach in this process.</summary>
    public void Register<T>(T reference, T observer) where T : class, IGrainObserver =>
        _objects[reference.GetGrainId()] = observer;

    /// <summary>
    /// The object behind <paramref name="reference"/> when it lives in this process, else the
    /// reference itself. Calling the object runs it on the caller's thread, inside the caller's
    /// turn: it must be thread-safe and quick, and the caller must contain its failures.
    /// </summary>
    public T Resolve<T>(T reference) where T : class, IGrainObserver =>
        _objects.TryGetValue(reference.GetGrainId(), out var local) && local is T observer ? observer : reference;
}
