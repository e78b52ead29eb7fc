using System.Globalization;
using OrleansIm.Bench.Core;
using Spectre.Console;

namespace OrleansIm.Bench.Report;

/// <summary>The end-of-run table: every figure, and each system-under-test row as a ratio of its reference row.</summary>
public static class ResultTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<ScenarioResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("scenario/phase", "target", "offered/s", "delivered/s", "× ref", "ack p50/p99 ms", "deliver p50/p99/p999 ms", "err", "lost", "dup", "cpu s", "peak MB");
        foreach (var r in results)
        {
            var reference = Reference(results, r);
            table.AddRow(
                Markup.Escape(r.Key),
                Markup.Escape(r.Target),
                Number(r.OfferedPerSecond),
                Number(r.DeliveredPerSecond),
                reference is null || reference.DeliveredPerSecond <= 0 ? "" : Ratio(r.DeliveredPerSecond / reference.DeliveredPerSecond),
                r.SendToAck is { } ack ? $"{Ms(ack.P50Ms)}/{Ms(ack.P99Ms)}" : "",
                r.SendToDeliver is { } d ? $"{Ms(d.P50Ms)}/{Ms(d.P99Ms)}/{Ms(d.P999Ms)}" : "",
                r.Errors.ToString(CultureInfo.InvariantCulture),
                r.Lost == 0 ? "0" : $"[red]{r.Lost}[/]",
                r.Duplicated == 0 ? "0" : $"[red]{r.Duplicated}[/]",
                r.ServerCpuSeconds is { } cpu ? cpu.ToString("0.0", CultureInfo.InvariantCulture) : "",
                r.ServerPeakResidentBytes is { } peak ? (peak / 1_048_576.0).ToString("0", CultureInfo.InvariantCulture) : "");
        }
        console.Write(table);

        foreach (var r in results.Where(r => r.Extra.Count > 0))
        {
            var reference = Reference(results, r);
            var parts = r.Extra.Select(e =>
            {
                var text = $"{e.Key}={Number(e.Value)}";
                return reference is not null && !WithoutRatio.Contains(e.Key) && reference.Extra.TryGetValue(e.Key, out var refValue) && refValue != 0
                    ? $"{text} ({Ratio(e.Value / refValue)} ref)"
                    : text;
            });
            console.MarkupLine($"  [grey]{Markup.Escape(r.Key)} {Markup.Escape(r.Target)}:[/] {Markup.Escape(string.Join(", ", parts))}");
        }
    }

    /// <summary>Figures about the run, not the target: a ratio of them compares nothing.</summary>
    private static readonly HashSet<string> WithoutRatio = new(StringComparer.Ordinal) { "otherCpuSeconds", "harnessCpuSeconds", "harnessGcPauseSeconds", "stolenCpuSeconds", "sloP99TargetMs", "sloPhasesRun" };

    public static ScenarioResult? Reference(IReadOnlyList<ScenarioResult> results, ScenarioResult r) =>
        r.ReferenceTarget is null ? null : results.FirstOrDefault(x => x.Key == r.Key && x.Target == r.ReferenceTarget);

    private static string Number(double value) => value switch
    {
        >= 100 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    private static string Ms(double value) => value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);

    private static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
