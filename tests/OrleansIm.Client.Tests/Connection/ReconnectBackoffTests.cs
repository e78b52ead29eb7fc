using OrleansIm.Client.Connection;

namespace OrleansIm.Client.Tests.Connection;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(3, 800)]
    [InlineData(6, 5000)]
    [InlineData(1000, 5000)]
    public void Without_jitter_the_delay_doubles_up_to_the_cap(int attempt, int expectedMs)
    {
        var backoff = new ReconnectBackoff(Initial, Max, jitter: 0);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), backoff.DelayFor(attempt));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999999)]
    public void Jitter_only_shortens_the_delay_and_never_below_its_share(double random)
    {
        var backoff = new ReconnectBackoff(Initial, Max, jitter: 0.5, () => random);

        for (var attempt = 0; attempt < 12; attempt++)
        {
            var ceiling = new ReconnectBackoff(Initial, Max, jitter: 0).DelayFor(attempt);
            var delay = backoff.DelayFor(attempt);
            Assert.InRange(delay, ceiling * 0.5, ceiling);
        }
    }

    [Fact]
    public void Full_jitter_with_the_largest_random_value_still_waits_a_little()
    {
        var backoff = new ReconnectBackoff(Initial, Max, jitter: 1, () => 0.9);

        Assert.Equal(TimeSpan.FromMilliseconds(10), backoff.DelayFor(0));
    }

    [Fact]
    public void Max_below_initial_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectBackoff(Max, Initial, 0));
    }
}
