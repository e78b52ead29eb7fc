using OrleansIm.Gateway.RateLimiting;

namespace OrleansIm.Gateway.Tests.FlowControl;

public sealed class TokenBucketTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public void A_full_burst_passes_then_the_bucket_refuses_with_the_time_to_the_next_token()
    {
        var bucket = new TokenBucket(new BucketLimit(perSecond: 4, burst: 3), _time);

        Assert.True(bucket.TryTake(out _));
        Assert.True(bucket.TryTake(out _));
        Assert.True(bucket.TryTake(out _));
        Assert.False(bucket.TryTake(out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(250), retryAfter);

        _time.Advance(retryAfter);
        Assert.True(bucket.TryTake(out _));
        Assert.False(bucket.TryTake(out _));
    }

    [Fact]
    public void Refill_never_exceeds_the_burst()
    {
        var bucket = new TokenBucket(new BucketLimit(perSecond: 10, burst: 2), _time);
        Assert.True(bucket.TryTake(out _));
        _time.Advance(TimeSpan.FromHours(1));

        Assert.True(bucket.IsFull);
        Assert.True(bucket.TryTake(out _));
        Assert.True(bucket.TryTake(out _));
        Assert.False(bucket.TryTake(out _));
    }

    [Fact]
    public void A_refusal_by_the_user_budget_does_not_spend_the_stream_budget()
    {
        var options = new RateLimitOptions
        {
            Sends = new CategoryLimits(perConnection: new BucketLimit(1, 2), perUser: new BucketLimit(1, 1)),
        };
        var limiter = new GatewayRateLimiter(Microsoft.Extensions.Options.Options.Create(options), _time);
        var phone = limiter.NewConnectionBuckets();
        var laptop = limiter.NewConnectionBuckets();

        Assert.Null(limiter.Check("alice", RateCategory.Send, phone));
        var refused = limiter.Check("alice", RateCategory.Send, laptop);

        Assert.NotNull(refused);
        Assert.True(refused.PerUser);
        // The laptop still has both of its own tokens: one refusal by the user budget cost it nothing.
        Assert.True(laptop.For(RateCategory.Send).IsFull);
        // Other kinds and other users have budgets of their own.
        Assert.Null(limiter.Check("alice", RateCategory.Query, laptop));
        Assert.Null(limiter.Check("bob", RateCategory.Send));
    }

    [Fact]
    public void Disabled_limits_refuse_nothing()
    {
        var options = new RateLimitOptions { Enabled = false, Sends = new CategoryLimits(new BucketLimit(1, 1), new BucketLimit(1, 1)) };
        var limiter = new GatewayRateLimiter(Microsoft.Extensions.Options.Options.Create(options), _time);

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Null(limiter.Check("alice", RateCategory.Send)));
    }

    [Fact]
    public void Invalid_limits_are_rejected_naming_the_setting()
    {
        var options = new RateLimitOptions { Joins = new CategoryLimits(new BucketLimit(0, 5), new BucketLimit(1, 0)) };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("Joins:PerConnection:PerSecond", error.Message);
        Assert.Contains("Joins:PerUser:Burst", error.Message);
    }

    [Fact]
    public void The_default_limits_are_valid_and_above_the_bench_load()
    {
        var options = new RateLimitOptions();
        options.Validate();

        // The bench sends up to ~10/s per user with bursts of 4-8.
        Assert.True(options.Sends.PerConnection.PerSecond >= 10 && options.Sends.PerConnection.Burst >= 8);
        Assert.True(options.Sends.PerUser.PerSecond >= 10 && options.Sends.PerUser.Burst >= 8);
    }
}
