using Orleans.Runtime;
using Orleans.Storage;
using OrleansIm.Grains.Interfaces.Errors;

namespace OrleansIm.Grains.Storage.Resilience;

/// <summary>
/// Orleans' grain-state provider behind the same kind of breaker as the message store: once its
/// database keeps failing, state reads and writes are refused at once instead of each holding an
/// activation for the driver's full timeouts, and one call after the break probes for recovery.
/// An ETag conflict is the provider working as intended, not an outage.
/// </summary>
internal sealed class CircuitBreakingGrainStorage(IGrainStorage inner, StoreCircuitBreaker breaker)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        GuardAsync(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        GuardAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        GuardAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));

    /// <summary>The provider initialises itself in the silo's lifecycle; it must still be asked to.</summary>
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private async Task GuardAsync(Func<Task> call)
    {
        if (breaker.RefuseWrite() is { } refused)
        {
            // An error every caller can read: this can surface from an activation, before any
            // call filter could translate a store-internal exception.
            throw new ImException(ImErrorCode.Unavailable, $"The grain state store is unavailable; retry in {Math.Ceiling(refused.RetryAfter.TotalSeconds)} s.");
        }
        try
        {
            await call();
        }
        catch (InconsistentStateException)
        {
            breaker.RecordSuccess();
            throw;
        }
        catch
        {
            breaker.RecordFailure();
            throw;
        }
        breaker.RecordSuccess();
    }
}
