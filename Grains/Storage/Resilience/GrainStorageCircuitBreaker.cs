using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace OrleansIm.Grains.Storage.Resilience;

/// <summary>Puts a registered grain-state provider behind a <see cref="CircuitBreakingGrainStorage"/>.</summary>
public static class GrainStorageCircuitBreaker
{
    /// <summary>Call after the provider named <paramref name="name"/> was added; its registration is wrapped, not duplicated.</summary>
    /// <param name="clock">The breaker's clock (tests move it past a break); the system's by default.</param>
    public static ISiloBuilder AddGrainStorageCircuitBreaker(this ISiloBuilder silo, string name, StoreCircuitBreakerOptions options, TimeProvider? clock = null)
    {
        var registration = silo.Services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered; add it before its circuit breaker.");
        var create = registration.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered through a factory; it cannot be wrapped.");
        silo.Services.Remove(registration);
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, key) =>
            new CircuitBreakingGrainStorage((IGrainStorage)create(services, key), new StoreCircuitBreaker(options, clock ?? TimeProvider.System)));
        return silo;
    }
}
