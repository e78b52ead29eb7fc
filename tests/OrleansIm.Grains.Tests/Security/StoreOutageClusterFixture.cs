using OrleansIm.Grains.Options;
using OrleansIm.Grains.Storage.Resilience;
using OrleansIm.Grains.Storage.Sqlite;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Security;

/// <summary>
/// A node whose store gives up quickly on a locked database and whose breakers open on the first
/// failure, so a test can make the store fail (by holding its write lock) and recover. The break
/// is long, so every call a test makes during it meets the open breaker however slow the machine;
/// the test ends it by stepping the breakers' clock, not by waiting.
/// </summary>
public sealed class StoreOutageClusterFixture : ImCluster
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromMinutes(10);
    private readonly SteppedTimeProvider _breakerClock = new();

    public override TimeProvider Clock => TimeProvider.System;

    protected override TimeProvider BreakerClock => _breakerClock;

    /// <summary>Ends the breakers' current break, as its time running out would: the next write is their probe.</summary>
    public void EndBreak() => _breakerClock.Advance(BreakDuration);

    protected override void ConfigureStore(SqliteStoreOptions options)
    {
        options.BusyTimeout = TimeSpan.FromMilliseconds(100);
        options.CircuitBreaker = new StoreCircuitBreakerOptions { FailureThreshold = 1, BreakDuration = BreakDuration };
    }

    // Marks written right after each delivery, never later from a timer: no background write may
    // take the probe a test means for its own call.
    protected override void ConfigureMessaging(MessagingOptions options) => options.DeliveryMarkInterval = TimeSpan.Zero;
}

[CollectionDefinition(Name)]
public sealed class StoreOutageClusterCollection : ICollectionFixture<StoreOutageClusterFixture>
{
    public const string Name = "store outage cluster";
}
