using OrleansIm.Bench.Scenarios.Messaging;

namespace OrleansIm.Bench.Tests;

public sealed class SloRateSearchTests
{
    private const double Max = 12_000;

    [Theory]
    [InlineData(3_400)]
    [InlineData(7_900)]
    [InlineData(11_900)]
    [InlineData(400)]
    public void Bisection_ends_within_the_resolution_below_the_rate_where_the_target_is_lost(double capacity)
    {
        var search = new SloRateSearch(Max);
        search.Record(Max / 2, Max / 2 <= capacity);

        var probes = Run(search, rate => rate <= capacity);

        Assert.InRange(search.HighestPassing, capacity - (Max * SloRateSearch.Resolution), capacity);
        Assert.True(search.LowestFailing > capacity);
        Assert.InRange(probes, 1, 7);
    }

    [Fact]
    public void A_target_missed_at_every_rate_is_given_up_at_the_floor_with_nothing_passing()
    {
        var search = new SloRateSearch(Max);

        var probes = Run(search, _ => false);

        Assert.Equal(0, search.HighestPassing);
        Assert.InRange(search.LowestFailing, Max * SloRateSearch.Floor, Max * SloRateSearch.Floor * 2);
        Assert.Equal(6, probes);
    }

    [Fact]
    public void A_pass_above_a_failure_stops_the_search_instead_of_chasing_noise()
    {
        var search = new SloRateSearch(Max);
        search.Record(3_000, passed: false);
        search.Record(5_000, passed: true);

        Assert.Null(search.Next());
    }

    [Fact]
    public void Phases_already_run_narrow_the_first_probe()
    {
        var search = new SloRateSearch(Max);
        search.Record(6_000, passed: false);
        search.Record(2_000, passed: true);
        search.Record(3_000, passed: true);

        Assert.Equal(4_500, search.Next());
    }

    private static int Run(SloRateSearch search, Func<double, bool> meets)
    {
        var probes = 0;
        while (search.Next() is { } rate)
        {
            Assert.True(++probes < 50, "the search does not end");
            search.Record(rate, meets(rate));
        }
        return probes;
    }
}
