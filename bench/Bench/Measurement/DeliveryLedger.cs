using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansIm.Bench.Measurement;

/// <summary>
/// Every message of a phase, by client message id: when it was sent, whether it was acked, and
/// how many of its expected deliveries arrived. Lost = acked but not delivered to everyone it
/// should have reached; duplicated = delivered to someone more than once.
/// </summary>
public sealed class DeliveryLedger
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private long _acked;
    private long _delivered;
    private long _duplicated;
    private long _errors;

    public LatencyRecorder SendToAck { get; } = new();

    public LatencyRecorder SendToDeliver { get; } = new();

    public long Sent => _entries.Count;

    public long Acked => Interlocked.Read(ref _acked);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Duplicated => Interlocked.Read(ref _duplicated);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Records a send about to happen; <paramref name="recipients"/> are the users who must receive it.</summary>
    public void RecordSending(string clientMessageId, IReadOnlyCollection<string> recipients) =>
        _entries[clientMessageId] = new Entry(Stopwatch.GetTimestamp(), recipients);

    public void RecordAck(string clientMessageId)
    {
        if (_entries.TryGetValue(clientMessageId, out var entry) && Interlocked.Exchange(ref entry.AckedFlag, 1) == 0)
        {
            Interlocked.Increment(ref _acked);
            SendToAck.RecordSince(entry.SentAt);
        }
    }

    public void RecordFailure() => Interlocked.Increment(ref _errors);

    /// <summary>A recipient got a message; unknown ids (another phase's, or own echoes) are ignored.</summary>
    public void RecordDelivery(string recipient, string clientMessageId)
    {
        if (!_entries.TryGetValue(clientMessageId, out var entry) || !entry.Recipients.Contains(recipient))
        {
            return;
        }
        lock (entry)
        {
            if (!entry.Received.Add(recipient))
            {
                Interlocked.Increment(ref _duplicated);
                return;
            }
        }
        Interlocked.Increment(ref _delivered);
        SendToDeliver.RecordSince(entry.SentAt);
    }

    /// <summary>Deliveries still missing for acked messages.</summary>
    public long MissingDeliveries() =>
        _entries.Values.Where(e => e.AckedFlag == 1).Sum(e => { lock (e) { return (long)(e.Recipients.Count - e.Received.Count); } });

    public IEnumerable<string> AckedIds() => _entries.Where(e => e.Value.AckedFlag == 1).Select(e => e.Key);


    private sealed class Entry(long sentAt, IReadOnlyCollection<string> recipients)
    {
        public long SentAt { get; } = sentAt;
        public IReadOnlyCollection<string> Recipients { get; } = recipients;
        public HashSet<string> Received { get; } = [];
        public int AckedFlag;
    }
}
