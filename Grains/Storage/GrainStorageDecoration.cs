using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace OrleansIm.Grains.Storage;

/// <summary>Replaces a registered grain-state provider with a wrapper around it, keeping its name and its lifecycle.</summary>
internal static class GrainStorageDecoration
{
    /// <summary>Call after the provider named <paramref name="name"/> was added; its registration is wrapped, not duplicated. Wrappers must pass the silo lifecycle on.</summary>
    public static ISiloBuilder Wrap(ISiloBuilder silo, string name, Func<IGrainStorage, IGrainStorage> wrap)
    {
        var registration = silo.Services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered; add it before wrapping it.");
        var create = registration.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered through a factory; it cannot be wrapped.");
        silo.Services.Remove(registration);
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, key) => wrap((IGrainStorage)create(services, key)));
        return silo;
    }
}
