using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Conversations;

/// <summary>
/// The last N sends of a conversation by (sender, client message id). An in-flight send is kept
/// as its task, so a retry that races its original waits for the same ack; once durable it is
/// kept as just its seq and time. Every entry lives for thousands of messages, so a completed
/// one must not hold the send's task (whose state machine keeps the whole message alive): that
/// retention was most of what the node promoted to gen1 under load.
/// </summary>
internal sealed class SendDedupWindow(int capacity)
{
    private readonly Dictionary<(string Sender, string ClientId), SendDedupEntry> _entries = new();

    // Eviction order, with the stamp each key had when queued: a key removed after a failed write
    // and added again must not be evicted by its older place in the queue.
    private readonly Queue<((string Sender, string ClientId) Key, long Stamp)> _order = new();
    private long _nextStamp;

    /// <summary>The earlier outcome of this send, marked as a duplicate, if it is in the window.</summary>
    public bool TryGetDuplicate(string conversationId, string sender, string clientMessageId, out Task<SendOutcome> duplicate)
    {
        if (!_entries.TryGetValue((sender, clientMessageId), out var entry))
        {
            duplicate = null!;
            return false;
        }
        duplicate = entry.InFlight is { } inFlight
            ? MarkDuplicateAsync(inFlight)
            : Task.FromResult(new SendOutcome(conversationId, entry.Seq, entry.SentAtMs, clientMessageId, Duplicate: true));
        return true;
    }

    public void AddInFlight(string sender, string clientMessageId, Task<SendOutcome> outcome) =>
        Add((sender, clientMessageId), new SendDedupEntry(outcome, 0, 0, _nextStamp++));

    public void AddDurable(string sender, string clientMessageId, long seq, long sentAtMs) =>
        Add((sender, clientMessageId), new SendDedupEntry(null, seq, sentAtMs, _nextStamp++));

    /// <summary>Replaces the in-flight task with the ack's numbers, keeping the entry's place.</summary>
    public void MarkDurable(string sender, string clientMessageId, long seq, long sentAtMs)
    {
        var key = (sender, clientMessageId);
        if (_entries.TryGetValue(key, out var entry))
        {
            _entries[key] = entry with { InFlight = null, Seq = seq, SentAtMs = sentAtMs };
        }
    }

    public void Remove(string sender, string clientMessageId) => _entries.Remove((sender, clientMessageId));

    private void Add((string, string) key, SendDedupEntry entry)
    {
        if (_entries.TryAdd(key, entry))
        {
            _order.Enqueue((key, entry.Stamp));
        }
        while (_order.Count > capacity)
        {
            var (oldest, stamp) = _order.Dequeue();
            if (_entries.TryGetValue(oldest, out var current) && current.Stamp == stamp)
            {
                _entries.Remove(oldest);
            }
        }
    }

    private static async Task<SendOutcome> MarkDuplicateAsync(Task<SendOutcome> inFlight) =>
        (await inFlight) with { Duplicate = true };
}
