using OrleansIm.Gateway.Hosting;
using OrleansIm.Grains.Storage;
using OrleansIm.Grains.Storage.Postgres;
using OrleansIm.Grains.Storage.Resilience;
using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Silo.Hosting;

/// <summary>
/// The opened message store and what Orleans' ADO.NET providers need to share its database:
/// embedded SQLite (grain state in a file of its own) or PostgreSQL (one database for the
/// message store, grain state, membership and reminders).
/// </summary>
internal sealed class StoreBackend
{
    public const string StorageSection = "OrleansIm:Storage";
    public const string PostgresSection = "OrleansIm:Storage:Postgres";

    private StoreBackend(IMessageStore store, string invariant, string grainStateConnectionString, StoreCircuitBreakerOptions circuitBreaker)
    {
        Store = store;
        Invariant = invariant;
        GrainStateConnectionString = grainStateConnectionString;
        CircuitBreaker = circuitBreaker;
    }

    public IMessageStore Store { get; }

    /// <summary>The ADO.NET invariant Orleans loads the driver by.</summary>
    public string Invariant { get; }

    public string GrainStateConnectionString { get; }

    /// <summary>The store's breaker settings, applied to Orleans' grain-state provider on the same database too.</summary>
    public StoreCircuitBreakerOptions CircuitBreaker { get; }

    /// <summary>Opens (and migrates, unless switched off) the configured backend before Orleans starts: its providers read their queries from the schema at start-up.</summary>
    public static async Task<StoreBackend> OpenAsync(IConfiguration configuration, ClusterMembership membership)
    {
        if (membership.Backend == MembershipBackend.Postgres)
        {
            var options = PostgresOptions(configuration);
            var store = await PostgresMessageStore.OpenAsync(options);
            return new StoreBackend(store, ClusterMembership.PostgresInvariant, options.ConnectionString, options.CircuitBreaker);
        }
        var sqlite = SqliteOptions(configuration);
        var embedded = await SqliteMessageStore.OpenAsync(sqlite);
        return new StoreBackend(embedded, ImGrainStorage.SqliteInvariant, sqlite.GetGrainStateConnectionString(), sqlite.CircuitBreaker);
    }

    /// <summary>Applies pending schema migrations of the configured backend and returns (the explicit <c>migrate</c> command).</summary>
    public static async Task MigrateAsync(IConfiguration configuration, ClusterMembership membership)
    {
        if (membership.Backend == MembershipBackend.Postgres)
        {
            await PostgresMessageStore.MigrateAsync(PostgresOptions(configuration));
            return;
        }
        await using var store = await SqliteMessageStore.OpenAsync(SqliteOptions(configuration));
    }

    public async ValueTask CloseAsync()
    {
        switch (Store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    private static PostgresStoreOptions PostgresOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(PostgresSection).Get<PostgresStoreOptions>() ?? new PostgresStoreOptions();
        options.Validate();
        return options;
    }

    private static SqliteStoreOptions SqliteOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(StorageSection).Get<SqliteStoreOptions>() ?? new SqliteStoreOptions();
        options.Validate();
        return options;
    }
}
