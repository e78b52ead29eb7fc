using OrleansIm.Grains.Storage.Resilience;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Security;

/// <summary>The message store's breaker: open refuses, half open admits one probe and queues the writes behind it.</summary>
public sealed class StoreCircuitBreakerTests
{
    private static readonly TimeSpan Break = TimeSpan.FromMinutes(10);
    private readonly SteppedTimeProvider _clock = new();
    private readonly StoreCircuitBreaker _breaker;

    public StoreCircuitBreakerTests() =>
        _breaker = new StoreCircuitBreaker(new StoreCircuitBreakerOptions { FailureThreshold = 1, BreakDuration = Break }, _clock);

    [Fact]
    public void Writes_that_arrive_while_the_probe_is_in_flight_queue_behind_it_and_go_to_the_store_when_it_succeeds()
    {
        _breaker.RecordFailure();
        Assert.NotNull(_breaker.RefuseWrite());

        _clock.Advance(Break);
        Assert.Null(_breaker.RefuseWrite());
        Assert.Null(_breaker.RefuseWrite());
        Assert.True(_breaker.AdmitBatch());

        _breaker.RecordSuccess();
        Assert.False(_breaker.IsOpen);
        Assert.True(_breaker.AdmitBatch());
    }

    [Fact]
    public void A_failed_probe_opens_the_breaker_again_and_the_writes_queued_behind_it_are_not_tried()
    {
        _breaker.RecordFailure();
        _clock.Advance(Break);
        Assert.Null(_breaker.RefuseWrite());
        Assert.Null(_breaker.RefuseWrite());

        _breaker.RecordFailure();
        Assert.True(_breaker.IsOpen);
        Assert.False(_breaker.AdmitBatch());
        var refused = _breaker.RefuseWrite();
        Assert.NotNull(refused);
        Assert.True(refused.RetryAfter > Break - TimeSpan.FromMinutes(1));
    }
}
