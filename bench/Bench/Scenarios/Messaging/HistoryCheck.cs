using OrleansIm.Bench.Load;
using OrleansIm.Bench.Measurement;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Scenarios.Messaging;

/// <summary>The store's side of "nothing lost": every acked message must be in its conversation's history.</summary>
public static class HistoryCheck
{
    public static async Task<long> CountAckedMissingAsync(ClientFleet fleet, IReadOnlyDictionary<string, MessageRoute> routes, IEnumerable<DeliveryLedger> ledgers, CancellationToken cancellationToken)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        var readerOf = routes.GroupBy(r => r.Value.ConversationId).ToDictionary(g => g.Key, g => g.First().Key);
        await Parallel.ForEachAsync(readerOf, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (pair, ct) =>
        {
            var client = fleet[pair.Value];
            var anchor = 0L;
            while (true)
            {
                var page = await client.GetHistoryAsync(pair.Key, anchor, Direction.Forward, 200, ct);
                lock (stored)
                {
                    foreach (var message in page.Messages)
                    {
                        stored.Add(message.ClientMessageId);
                    }
                }
                if (!page.HasMore || page.Messages.Count == 0)
                {
                    break;
                }
                anchor = page.Messages[^1].Seq;
            }
        });
        return ledgers.SelectMany(l => l.AckedIds()).LongCount(id => !stored.Contains(id));
    }
}
