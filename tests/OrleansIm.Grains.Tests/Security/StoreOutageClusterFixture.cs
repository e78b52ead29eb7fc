using OrleansIm.Grains.Storage.Resilience;
using OrleansIm.Grains.Storage.Sqlite;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Security;

/// <summary>
/// A node whose store gives up quickly on a locked database and whose breaker opens on the first
/// failed batch, so a test can make the store fail (by holding its write lock) and recover. The
/// break is long enough that the calls a test makes right after the first failure all meet the
/// open breaker, not a probe, however slow the machine.
/// </summary>
public sealed class StoreOutageClusterFixture : ImCluster
{
    public override TimeProvider Clock => TimeProvider.System;

    protected override void ConfigureStore(SqliteStoreOptions options)
    {
        options.BusyTimeout = TimeSpan.FromMilliseconds(100);
        options.CircuitBreaker = new StoreCircuitBreakerOptions { FailureThreshold = 1, BreakDuration = TimeSpan.FromSeconds(3) };
    }
}

[CollectionDefinition(Name)]
public sealed class StoreOutageClusterCollection : ICollectionFixture<StoreOutageClusterFixture>
{
    public const string Name = "store outage cluster";
}
