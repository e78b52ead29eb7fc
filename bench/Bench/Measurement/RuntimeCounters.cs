namespace OrleansIm.Bench.Measurement;

/// <summary>
/// The server's own .NET runtime totals, read from its Prometheus scrapes (every process's,
/// added up): bytes allocated, GC pause time and collections so far. Two readings around a phase
/// give what the phase cost in allocation and GC, figures that a busy machine does not distort
/// the way it distorts latency.
/// </summary>
public sealed record RuntimeCounters(double AllocatedBytes, double GcPauseSeconds, double Collections)
{
    private const string Allocated = "dotnet_gc_heap_total_allocated_bytes_total";
    private const string Pause = "dotnet_gc_pause_time_seconds_total";
    private const string CollectionsTotal = "dotnet_gc_collections_total";

    /// <summary>The totals in a scrape (several hosts' scrapes joined add up); null when it has none.</summary>
    public static RuntimeCounters? Parse(string scrape) =>
        PrometheusText.Sum(scrape, Allocated) is { } allocated && PrometheusText.Sum(scrape, Pause) is { } pause
            ? new RuntimeCounters(allocated, pause, PrometheusText.Sum(scrape, CollectionsTotal) ?? 0)
            : null;

    /// <summary>What happened between <paramref name="before"/> and this reading, as report extras.</summary>
    public Dictionary<string, double> Since(RuntimeCounters before, long messages) => new()
    {
        ["allocatedKBPerMessage"] = messages > 0 ? (AllocatedBytes - before.AllocatedBytes) / 1024 / messages : 0,
        ["gcPauseSeconds"] = GcPauseSeconds - before.GcPauseSeconds,
        ["gcCount"] = Collections - before.Collections,
    };
}
