using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Conversations;

/// <summary>
/// The last N sends of a conversation by (sender, client message id). In-flight sends are in it
/// too (as a task), so a retry that races its original waits for the same ack.
/// </summary>
internal sealed class SendDedupWindow(int capacity)
{
    private readonly Dictionary<(string Sender, string ClientId), Task<SendOutcome>> _entries = new();
    private readonly Queue<(string Sender, string ClientId)> _order = new();

    public bool TryGet(string sender, string clientMessageId, out Task<SendOutcome> outcome) =>
        _entries.TryGetValue((sender, clientMessageId), out outcome!);

    public void Add(string sender, string clientMessageId, Task<SendOutcome> outcome)
    {
        var key = (sender, clientMessageId);
        if (_entries.TryAdd(key, outcome))
        {
            _order.Enqueue(key);
        }
        while (_order.Count > capacity)
        {
            _entries.Remove(_order.Dequeue());
        }
    }

    public void Remove(string sender, string clientMessageId) => _entries.Remove((sender, clientMessageId));
}
