using OrleansIm.Bench.Core;
using OrleansIm.Bench.Measurement;

namespace OrleansIm.Bench.Scenarios.LargeGroups;

/// <summary>
/// Several rounds of the same phase as one result: counts and CPU summed, rates over the total
/// time, latency percentiles over every sample of every round (not an average of percentiles).
/// </summary>
public static class PooledRounds
{
    public static ScenarioResult Pool(string phase, IReadOnlyList<(ScenarioResult Result, DeliveryLedger Ledger)> rounds)
    {
        var results = rounds.Select(r => r.Result).ToList();
        var seconds = results.Sum(r => r.Seconds);
        var acked = results.Sum(r => r.Acked);
        var extra = new Dictionary<string, double> { ["rounds"] = rounds.Count };
        foreach (var key in results.SelectMany(r => r.Extra.Keys).Distinct())
        {
            // Per-message figures are averaged by the messages behind them; totals are summed.
            extra[key] = key.EndsWith("PerMessage", StringComparison.Ordinal)
                ? acked == 0 ? 0 : results.Sum(r => r.Extra.GetValueOrDefault(key) * r.Acked) / acked
                : results.Sum(r => r.Extra.GetValueOrDefault(key));
        }
        return results[0] with
        {
            Phase = phase,
            Seconds = seconds,
            OfferedPerSecond = seconds == 0 ? 0 : results.Sum(r => r.OfferedPerSecond * r.Seconds) / seconds,
            DeliveredPerSecond = seconds == 0 ? 0 : results.Sum(r => r.DeliveredPerSecond * r.Seconds) / seconds,
            SendToAck = LatencyHistogram.Pool(rounds.Select(r => r.Ledger.SendToAck)).Summarize(),
            SendToDeliver = LatencyHistogram.Pool(rounds.Select(r => r.Ledger.SendToDeliver)).Summarize(),
            Sent = results.Sum(r => r.Sent),
            Acked = acked,
            Delivered = results.Sum(r => r.Delivered),
            Errors = results.Sum(r => r.Errors),
            Lost = results.Sum(r => r.Lost),
            Duplicated = results.Sum(r => r.Duplicated),
            ServerCpuSeconds = results.All(r => r.ServerCpuSeconds is null) ? null : results.Sum(r => r.ServerCpuSeconds ?? 0),
            ServerPeakResidentBytes = results.Max(r => r.ServerPeakResidentBytes),
            Extra = extra,
        };
    }
}
