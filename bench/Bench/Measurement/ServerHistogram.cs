using System.Globalization;

namespace OrleansIm.Bench.Measurement;

/// <summary>
/// One of the server's own latency histograms, read from its Prometheus scrape (cumulative
/// buckets, label sets added up). Two readings around a phase give the server's view of that
/// phase: time measured inside the node, which the load generator's own scheduling delays on a
/// shared machine do not reach. Percentiles are only as fine as the buckets.
/// </summary>
public sealed class ServerHistogram
{
    private readonly SortedDictionary<double, double> _cumulative;

    private ServerHistogram(SortedDictionary<double, double> cumulative) => _cumulative = cumulative;

    /// <summary>Observations counted (the +Inf bucket).</summary>
    public double Count => _cumulative.Count == 0 ? 0 : _cumulative.Values.Last();

    /// <summary>The histogram <paramref name="name"/> (without <c>_bucket</c>); null when the scrape has none.</summary>
    public static ServerHistogram? Parse(string scrape, string name)
    {
        var prefix = name + "_bucket{";
        var cumulative = new SortedDictionary<double, double>();
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var le = line.IndexOf("le=\"", StringComparison.Ordinal);
            if (le < 0)
            {
                continue;
            }
            var boundText = line[(le + 4)..line.IndexOf('"', le + 4)];
            var bound = boundText == "+Inf" ? double.PositiveInfinity : double.Parse(boundText, CultureInfo.InvariantCulture);
            var count = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            cumulative[bound] = cumulative.GetValueOrDefault(bound) + count;
        }
        return cumulative.Count == 0 ? null : new ServerHistogram(cumulative);
    }

    /// <summary>What was observed between <paramref name="before"/> and this reading.</summary>
    public ServerHistogram Since(ServerHistogram before)
    {
        var delta = new SortedDictionary<double, double>();
        foreach (var (bound, count) in _cumulative)
        {
            delta[bound] = count - before._cumulative.GetValueOrDefault(bound);
        }
        return new ServerHistogram(delta);
    }

    /// <summary>
    /// The bucket bound the <paramref name="quantile"/> lies under, in the histogram's unit: the
    /// quantile is at most this and above the bound before it. Null without observations, or
    /// when it lies past the last finite bound. Not interpolated: within a wide bucket (the
    /// node's go 250, 500, 1,000 ms) an interpolated value can be off by half the bucket, and
    /// a bound says plainly how coarse the figure is.
    /// </summary>
    public double? UpperBound(double quantile)
    {
        var total = Count;
        if (total <= 0)
        {
            return null;
        }
        var rank = quantile * total;
        foreach (var (bound, count) in _cumulative)
        {
            if (count >= rank)
            {
                return double.IsPositiveInfinity(bound) ? null : bound;
            }
        }
        return null;
    }
}
