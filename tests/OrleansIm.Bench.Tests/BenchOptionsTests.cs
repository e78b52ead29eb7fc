using OrleansIm.Bench.Core;

namespace OrleansIm.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Metrics_are_read_beside_the_endpoints_they_belong_to()
    {
        var options = BenchOptions.Parse(["--endpoints", "http://gw-0:5000,http://gw-1:5000", "--metrics", "http://silo-0:8080/metrics,https://gw-0:8081/metrics"]);

        Assert.Equal([new Uri("http://silo-0:8080/metrics"), new Uri("https://gw-0:8081/metrics")], options.Metrics);
    }

    [Theory]
    [InlineData(new[] { "--metrics", "http://silo-0:8080/metrics" }, "--endpoints")]
    [InlineData(new[] { "--endpoints", "http://gw-0:5000", "--metrics", "silo-0:8080/metrics" }, "absolute http(s)")]
    [InlineData(new[] { "--endpoints", "http://gw-0:5000", "--metrics", "/metrics" }, "absolute http(s)")]
    public void Metrics_without_endpoints_or_as_relative_urls_are_refused_saying_why(string[] args, string reason)
    {
        var refusal = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(args));

        Assert.Contains(reason, refusal.Message);
    }

    [Fact]
    public void The_capacity_search_targets_50_ms_unless_told_otherwise_and_0_turns_it_off()
    {
        Assert.Equal(50, BenchOptions.Parse([]).SloP99Ms);
        Assert.Equal(100, BenchOptions.Parse(["--slo-p99", "100"]).SloP99Ms);
        Assert.Equal(0, BenchOptions.Parse(["--slo-p99", "0"]).SloP99Ms);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void A_capacity_target_that_is_not_milliseconds_is_refused_saying_how(string value)
    {
        var refusal = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--slo-p99", value]));

        Assert.Contains("--slo-p99 must be milliseconds", refusal.Message);
    }
}
