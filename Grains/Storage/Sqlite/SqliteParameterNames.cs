using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// The $names of a statement in order of first appearance: the order its callers pass values in,
/// so a statement is bound by position while its text stays readable.
/// </summary>
internal static partial class SqliteParameterNames
{
    private static readonly ConcurrentDictionary<string, string[]> Cache = new(StringComparer.Ordinal);

    public static string[] Of(string sql) =>
        Cache.GetOrAdd(sql, static text => [.. Name().Matches(text).Select(match => match.Value).Distinct()]);

    [GeneratedRegex(@"\$[a-z_]+")]
    private static partial Regex Name();
}
