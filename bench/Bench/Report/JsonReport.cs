using System.Text.Json;
using OrleansIm.Bench.Core;

namespace OrleansIm.Bench.Report;

/// <summary>The same results for machines: one JSON document per run, with the machine it ran on.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task WriteAsync(string path, BenchOptions options, IReadOnlyList<ScenarioResult> results)
    {
        var document = new
        {
            startedAt = DateTimeOffset.UtcNow,
            machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, dotnet = Environment.Version.ToString() },
            smoke = options.Smoke,
            results = results.Select(r => new
            {
                r.Scenario,
                r.Phase,
                r.Target,
                r.ReferenceTarget,
                r.Seconds,
                r.OfferedPerSecond,
                r.DeliveredPerSecond,
                ratioToReference = ResultTable.Reference(results, r) is { DeliveredPerSecond: > 0 } reference ? r.DeliveredPerSecond / reference.DeliveredPerSecond : (double?)null,
                r.SendToAck,
                r.SendToDeliver,
                r.Sent,
                r.Acked,
                r.Delivered,
                r.Errors,
                r.Lost,
                r.Duplicated,
                r.ServerCpuSeconds,
                r.ServerPeakResidentBytes,
                r.Extra,
            }),
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, Options));
    }
}
