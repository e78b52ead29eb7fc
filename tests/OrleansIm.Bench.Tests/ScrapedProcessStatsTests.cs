using OrleansIm.Bench.Targets;
using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Tests;

/// <summary>
/// An operator's cluster is measured through its scrapes (<c>--metrics</c>): here a real node,
/// whose figures the harness can also read from /proc, checks that the two agree.
/// </summary>
public sealed class ScrapedProcessStatsTests
{
    [Fact]
    public async Task A_nodes_cpu_and_memory_read_from_its_scrape_agree_with_proc()
    {
        await using var node = new NodeProcess();
        await node.StartAsync();
        // Read before the first scrape: the exporter may answer from a scrape it made up to
        // 300 ms earlier (its response cache), so the reading lies between this and the last.
        var before = node.Stats();
        await using var scraped = new ScrapedProcessStats([new Uri(node.HttpAddress, "/metrics")]);
        await scraped.StartAsync(CancellationToken.None);
        var reading = await scraped.ReadAsync(CancellationToken.None);
        var after = node.Stats();

        Assert.NotNull(reading);
        // /proc counts CPU in 10 ms ticks, the runtime in microseconds, each rounding its own way;
        // a reading of user time alone would be short by the node's system time (~10 % of it).
        var slack = TimeSpan.FromMilliseconds(100);
        Assert.InRange(reading.CpuTime, before.CpuTime - slack, after.CpuTime + slack);
        Assert.True(reading.CpuTime > TimeSpan.Zero);
        // The runtime's working set is the resident set /proc reports, read a moment apart.
        Assert.InRange(reading.ResidentBytes, (long)(before.ResidentBytes * 0.8), (long)(after.ResidentBytes * 1.2));
        Assert.True(reading.PeakResidentBytes >= reading.ResidentBytes);
    }

    [Fact]
    public async Task A_scrape_that_does_not_answer_is_refused_at_start_naming_the_option()
    {
        await using var scraped = new ScrapedProcessStats([new Uri($"http://127.0.0.1:{FreePorts.Next()}/metrics")]);

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => scraped.StartAsync(CancellationToken.None));

        Assert.Contains("--metrics", refusal.Message);
    }
}
