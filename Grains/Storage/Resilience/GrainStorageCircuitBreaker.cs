using Orleans.Storage;

namespace OrleansIm.Grains.Storage.Resilience;

/// <summary>Puts a registered grain-state provider behind a <see cref="CircuitBreakingGrainStorage"/>.</summary>
public static class GrainStorageCircuitBreaker
{
    /// <summary>Call after the provider named <paramref name="name"/> was added; its registration is wrapped, not duplicated.</summary>
    /// <param name="clock">The breaker's clock (tests move it past a break); the system's by default.</param>
    public static ISiloBuilder AddGrainStorageCircuitBreaker(this ISiloBuilder silo, string name, StoreCircuitBreakerOptions options, TimeProvider? clock = null) =>
        GrainStorageDecoration.Wrap(silo, name, inner => new CircuitBreakingGrainStorage(inner, new StoreCircuitBreaker(options, clock ?? TimeProvider.System)));
}
