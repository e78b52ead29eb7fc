using OrleansIm.Bench.Measurement;

namespace OrleansIm.Bench.Tests;

/// <summary>The node's own histograms as the harness reads them from a Prometheus scrape.</summary>
public sealed class ServerHistogramTests
{
    private const string Name = "orleansim_gateway_send_deliver_duration_seconds";

    private static string Scrape(double upTo10Ms, double upTo100Ms, double total, double otherLabelUpTo10Ms = 0) => $$"""
        # HELP {{Name}} From a message's server time to its push queued.
        # TYPE {{Name}} histogram
        {{Name}}_bucket{otel_scope_name="OrleansIm.Gateway",le="0.01"} {{upTo10Ms}}
        {{Name}}_bucket{otel_scope_name="OrleansIm.Gateway",le="0.1"} {{upTo100Ms}}
        {{Name}}_bucket{otel_scope_name="OrleansIm.Gateway",le="+Inf"} {{total}}
        {{Name}}_bucket{otel_scope_name="OrleansIm.Other",le="0.01"} {{otherLabelUpTo10Ms}}
        {{Name}}_bucket{otel_scope_name="OrleansIm.Other",le="0.1"} {{otherLabelUpTo10Ms}}
        {{Name}}_bucket{otel_scope_name="OrleansIm.Other",le="+Inf"} {{otherLabelUpTo10Ms}}
        {{Name}}_count{otel_scope_name="OrleansIm.Gateway"} {{total}}
        orleansim_gateway_send_ack_duration_seconds_bucket{le="0.01"} 999
        """.Replace("\r", "");

    [Fact]
    public void A_phase_is_the_difference_of_two_readings_and_a_quantile_reads_as_the_bound_it_lies_under()
    {
        var before = ServerHistogram.Parse(Scrape(upTo10Ms: 500, upTo100Ms: 500, total: 500), Name)!;
        var after = ServerHistogram.Parse(Scrape(upTo10Ms: 550, upTo100Ms: 600, total: 600), Name)!;

        var phase = after.Since(before);

        Assert.Equal(100, phase.Count);
        // Half of the phase's 100 observations are at most 10 ms, the other half at most 100 ms.
        Assert.Equal(0.01, phase.UpperBound(0.5));
        Assert.Equal(0.1, phase.UpperBound(0.51));
        Assert.Equal(0.1, phase.UpperBound(0.99));
    }

    [Fact]
    public void Label_sets_are_added_up_and_other_histograms_are_left_out()
    {
        var histogram = ServerHistogram.Parse(Scrape(upTo10Ms: 0, upTo100Ms: 10, total: 10, otherLabelUpTo10Ms: 30), Name)!;

        Assert.Equal(40, histogram.Count);
        // 30 of the 40 are at most 10 ms, all of them from the second label set.
        Assert.Equal(0.01, histogram.UpperBound(0.75));
        Assert.Equal(0.1, histogram.UpperBound(0.76));
    }

    [Fact]
    public void A_quantile_beyond_the_last_bound_and_an_empty_phase_have_no_bound()
    {
        var before = ServerHistogram.Parse(Scrape(upTo10Ms: 0, upTo100Ms: 0, total: 0), Name)!;
        var after = ServerHistogram.Parse(Scrape(upTo10Ms: 0, upTo100Ms: 0, total: 5), Name)!;

        Assert.Null(after.Since(before).UpperBound(0.99));
        Assert.Null(before.Since(before).UpperBound(0.99));
        Assert.Null(ServerHistogram.Parse("# nothing here\n", Name));
    }

    [Fact]
    public void The_phase_extras_give_the_nodes_percentiles_in_milliseconds()
    {
        var before = new ServerScrape(Scrape(upTo10Ms: 0, upTo100Ms: 0, total: 0));
        var after = new ServerScrape(Scrape(upTo10Ms: 98, upTo100Ms: 100, total: 100));

        var extras = after.PhaseExtras(before, messages: 100);

        Assert.Equal(10, extras["nodeSendDeliverP50MsAtMost"], 6);
        Assert.Equal(100, extras["nodeSendDeliverP99MsAtMost"], 6);
        Assert.False(extras.ContainsKey("allocatedKBPerMessage"));
        Assert.False(extras.ContainsKey("nodeWriterWaitSeconds"));
    }

    [Fact]
    public void The_phase_extras_give_the_store_writers_seconds_on_a_core_and_waiting_for_one()
    {
        static ServerScrape Writer(double cpu, double wait) => new(
            $"orleansim_store_writer_cpu_seconds_total{{otel_scope_name=\"OrleansIm.Storage\"}} {cpu}\n" +
            $"orleansim_store_writer_wait_seconds_total{{otel_scope_name=\"OrleansIm.Storage\"}} {wait}\n");

        var extras = Writer(cpu: 7.5, wait: 9.25).PhaseExtras(Writer(cpu: 1.5, wait: 2), messages: 100);

        Assert.Equal(6, extras["nodeWriterCpuSeconds"], 6);
        Assert.Equal(7.25, extras["nodeWriterWaitSeconds"], 6);
    }
}
