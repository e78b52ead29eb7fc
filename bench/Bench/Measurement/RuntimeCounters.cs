using System.Globalization;

namespace OrleansIm.Bench.Measurement;

/// <summary>
/// The server's own .NET runtime totals, read from its Prometheus scrape: bytes allocated, GC
/// pause time and collections so far. Two readings around a phase give what the phase cost in
/// allocation and GC, figures that a busy machine does not distort the way it distorts latency.
/// </summary>
public sealed record RuntimeCounters(double AllocatedBytes, double GcPauseSeconds, double Collections)
{
    private const string Allocated = "dotnet_gc_heap_total_allocated_bytes_total";
    private const string Pause = "dotnet_gc_pause_time_seconds_total";
    private const string CollectionsTotal = "dotnet_gc_collections_total";

    /// <summary>One reading; null when the target has no scrape endpoint or it does not answer.</summary>
    public static async Task<RuntimeCounters?> ReadAsync(HttpClient http, Uri? metrics, CancellationToken cancellationToken)
    {
        if (metrics is null)
        {
            return null;
        }
        try
        {
            return Parse(await http.GetStringAsync(metrics, cancellationToken));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public static RuntimeCounters? Parse(string scrape)
    {
        double allocated = double.NaN, pause = double.NaN, collections = 0;
        foreach (var line in scrape.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var name = line[..line.IndexOfAny(['{', ' '])];
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            switch (name)
            {
                case Allocated: allocated = value; break;
                case Pause: pause = value; break;
                case CollectionsTotal: collections += value; break;
            }
        }
        return double.IsNaN(allocated) || double.IsNaN(pause) ? null : new RuntimeCounters(allocated, pause, collections);
    }

    /// <summary>What happened between <paramref name="before"/> and this reading, as report extras.</summary>
    public Dictionary<string, double> Since(RuntimeCounters before, long messages) => new()
    {
        ["allocatedKBPerMessage"] = messages > 0 ? (AllocatedBytes - before.AllocatedBytes) / 1024 / messages : 0,
        ["gcPauseSeconds"] = GcPauseSeconds - before.GcPauseSeconds,
        ["gcCount"] = Collections - before.Collections,
    };
}
