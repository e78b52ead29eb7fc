using System.Text.RegularExpressions;

namespace OrleansIm.EndToEnd.Tests.Telemetry;

/// <summary>
/// The metric names a PromQL expression reads. Enough of PromQL for dashboards: strings, label
/// matchers, range and subquery brackets and grouping clauses are removed; of the identifiers
/// left, those called like functions and the language's keywords are not metrics.
/// </summary>
internal static partial class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless",
        "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group", "inf", "nan",
    };

    public static IReadOnlySet<string> Of(string expression)
    {
        var text = Strings().Replace(expression, "\"\"");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (!match.Groups["call"].Success && !Keywords.Contains(name))
            {
                names.Add(name);
            }
        }
        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w$.])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
