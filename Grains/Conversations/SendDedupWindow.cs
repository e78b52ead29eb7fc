using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Conversations;

/// <summary>
/// The last N sends of a conversation by (sender, client message id). In-flight sends are in it
/// too (as a task), so a retry that races its original waits for the same ack.
/// </summary>
internal sealed class SendDedupWindow(int capacity)
{
    private readonly Dictionary<(string Sender, string ClientId), Task<SendOutcome>> _entries = new();

    // Eviction order; an entry is evicted only if it is still the one queued (a key removed after
    // a failed write and added again must not be evicted by its older place in the queue).
    private readonly Queue<((string Sender, string ClientId) Key, Task<SendOutcome> Outcome)> _order = new();

    public bool TryGet(string sender, string clientMessageId, out Task<SendOutcome> outcome) =>
        _entries.TryGetValue((sender, clientMessageId), out outcome!);

    public void Add(string sender, string clientMessageId, Task<SendOutcome> outcome)
    {
        var key = (sender, clientMessageId);
        if (_entries.TryAdd(key, outcome))
        {
            _order.Enqueue((key, outcome));
        }
        while (_order.Count > capacity)
        {
            var (oldest, queued) = _order.Dequeue();
            if (_entries.TryGetValue(oldest, out var current) && current == queued)
            {
                _entries.Remove(oldest);
            }
        }
    }

    public void Remove(string sender, string clientMessageId) => _entries.Remove((sender, clientMessageId));
}
