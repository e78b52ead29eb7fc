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
}
