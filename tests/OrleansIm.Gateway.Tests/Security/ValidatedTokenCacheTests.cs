using OrleansIm.Gateway.Auth;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Gateway.Tests.Security;

public sealed class ValidatedTokenCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_entry_is_served_until_the_cache_duration_ends()
    {
        var clock = new ManualClock(Start);
        var cache = new ValidatedTokenCache(100, TimeSpan.FromMinutes(1), clock);
        cache.Add("t", new AuthenticatedCaller("alice", CallerRoles.None, Start.AddHours(1)), keyVersion: 1);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("alice", cache.Get("t", 1)?.UserId);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(cache.Get("t", 1));
    }

    [Fact]
    public void An_entry_never_outlives_the_tokens_expiry()
    {
        var clock = new ManualClock(Start);
        var cache = new ValidatedTokenCache(100, TimeSpan.FromHours(1), clock);
        cache.Add("t", new AuthenticatedCaller("alice", CallerRoles.None, Start.AddSeconds(10)), keyVersion: 1);

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.NotNull(cache.Get("t", 1));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(cache.Get("t", 1));
    }

    [Fact]
    public void An_entry_validated_against_other_keys_is_not_served()
    {
        var cache = new ValidatedTokenCache(100, TimeSpan.FromMinutes(1), new ManualClock(Start));
        cache.Add("t", new AuthenticatedCaller("alice", CallerRoles.Admin, Start.AddHours(1)), keyVersion: 1);
        Assert.Null(cache.Get("t", 2));
        Assert.Null(cache.Get("t", 1));
    }

    [Fact]
    public void The_cache_never_holds_more_than_its_capacity()
    {
        var cache = new ValidatedTokenCache(10, TimeSpan.FromMinutes(1), new ManualClock(Start));
        for (var i = 0; i < 35; i++)
        {
            cache.Add($"t{i}", new AuthenticatedCaller($"u{i}", CallerRoles.None, Start.AddHours(1)), keyVersion: 1);
            Assert.InRange(cache.Count, 1, 10);
        }
        Assert.NotNull(cache.Get("t34", 1));
    }

    [Fact]
    public void A_capacity_of_zero_turns_the_cache_off()
    {
        var cache = new ValidatedTokenCache(0, TimeSpan.FromMinutes(1), new ManualClock(Start));
        cache.Add("t", new AuthenticatedCaller("alice", CallerRoles.None, Start.AddHours(1)), keyVersion: 1);
        Assert.Null(cache.Get("t", 1));
    }
}
