using Orleans.Serialization;
using Orleans.Storage;
using OrleansIm.Grains.Storage.Resilience;
using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Grains.Storage;

/// <summary>
/// The grain-state provider every silo uses, assembled in one place so the node and the test
/// clusters run the same stack: Orleans' ADO.NET storage with binary state, one writer at a
/// time on an embedded SQLite file, and the store's circuit breaker in front.
/// </summary>
public static class ImGrainStorage
{
    /// <summary>Orleans' name for its SQLite driver, which it loads from Microsoft.Data.Sqlite.</summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <param name="breakerClock">The breaker's clock (tests move it past a break); the system's by default.</param>
    public static ISiloBuilder AddImGrainStorage(
        this ISiloBuilder silo, string name, string invariant, string connectionString, StoreCircuitBreakerOptions breaker, TimeProvider? breakerClock = null)
    {
        silo.AddAdoNetGrainStorage(name, options => options.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
            // Binary state with stable [Id]s and [Alias]es: renaming a state type does not
            // orphan stored state, unlike the default JSON with type names.
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        if (invariant == SqliteInvariant)
        {
            GrainStorageDecoration.Wrap(silo, name, inner => new SingleWriterGrainStorage(inner));
        }
        return GrainStorageDecoration.Wrap(silo, name, inner => new CircuitBreakingGrainStorage(inner, new StoreCircuitBreaker(breaker, breakerClock ?? TimeProvider.System)));
    }
}
