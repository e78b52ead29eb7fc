using System.Globalization;

namespace OrleansIm.Bench.Measurement;

/// <summary>Values read from Prometheus' text format, as the node and gateways serve it on /metrics.</summary>
public static class PrometheusText
{
    /// <summary>
    /// The sum of every series named <paramref name="name"/> (all label sets; several hosts'
    /// scrapes may be joined into one text), or null when there is none.
    /// </summary>
    public static double? Sum(string scrape, string name)
    {
        double? sum = null;
        foreach (var line in scrape.Split('\n'))
        {
            if (line.Length <= name.Length || !line.StartsWith(name, StringComparison.Ordinal) || line[name.Length] is not ('{' or ' '))
            {
                continue;
            }
            sum = (sum ?? 0) + double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
        return sum;
    }
}
