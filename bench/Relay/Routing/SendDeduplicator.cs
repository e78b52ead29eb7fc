using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Relay.Routing;

/// <summary>
/// The first ack of recent sends by (sender, client message id), so the SDK's resends after a
/// reconnect get their original ack instead of a second message. Bounded: the oldest entries
/// are forgotten first, as the relay keeps no history.
/// </summary>
internal sealed class SendDeduplicator(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Sender, string ClientMessageId), SendAck> _acks = new(capacity);
    private readonly Queue<(string Sender, string ClientMessageId)> _order = new(capacity);

    public bool TryGet(string sender, string clientMessageId, out SendAck ack)
    {
        lock (_gate)
        {
            return _acks.TryGetValue((sender, clientMessageId), out ack!);
        }
    }

    public void Remember(string sender, string clientMessageId, SendAck ack)
    {
        lock (_gate)
        {
            if (!_acks.TryAdd((sender, clientMessageId), ack))
            {
                return;
            }
            _order.Enqueue((sender, clientMessageId));
            if (_order.Count > capacity)
            {
                _acks.Remove(_order.Dequeue());
            }
        }
    }
}
