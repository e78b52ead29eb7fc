using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Storage;

namespace OrleansIm.Grains.Conversations;

/// <summary>
/// A large group's newest durable messages, as the store holds them (edits and recalls applied).
/// Online members pull what each "advanced" hint announced, all within moments of each other;
/// answering those forward reads from here spares the store a burst of identical reads per hint
/// window. Anything it cannot answer whole goes to the store.
/// </summary>
internal sealed class RecentMessages(int maxMessages, long maxBytes)
{
    private readonly Dictionary<long, MessageRecord> _bySeq = [];
    private readonly Queue<(long Seq, long Bytes)> _order = new();
    private long _bytes;
    private long _newest;

    /// <summary>Adds a message that is now durable, and applies the edit or recall it carries out.</summary>
    public void Add(MessageRecord message, MessageUpdate? update)
    {
        if (update is not null && _bySeq.TryGetValue(update.TargetSeq, out var target))
        {
            // Still counted at the size it was added with: an edited body obeys the same limit.
            _bySeq[update.TargetSeq] = target with { Body = update.NewBody, EditedAtMs = update.EditedAtMs, Recalled = update.Recalled };
        }
        if (maxMessages == 0 || _bySeq.ContainsKey(message.Seq))
        {
            return;
        }
        var bytes = SizeOf(message);
        _bySeq[message.Seq] = message;
        _order.Enqueue((message.Seq, bytes));
        _bytes += bytes;
        _newest = Math.Max(_newest, message.Seq);
        while (_order.Count > maxMessages || (_bytes > maxBytes && _order.Count > 1))
        {
            var (seq, size) = _order.Dequeue();
            _bySeq.Remove(seq);
            _bytes -= size;
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> messages after <paramref name="afterSeq"/> in seq order, when
    /// every one of them up to the newest is here; false sends the caller to the store.
    /// </summary>
    public bool TryReadForward(long afterSeq, int limit, out IReadOnlyList<MessageRecord> page)
    {
        page = [];
        if (afterSeq >= _newest)
        {
            // Nothing durable is newer. Only answerable if the next seq would have been kept.
            return _bySeq.Count > 0 && afterSeq == _newest;
        }
        var messages = new List<MessageRecord>(Math.Min(limit, (int)Math.Min(_newest - afterSeq, int.MaxValue)));
        for (var seq = afterSeq + 1; seq <= _newest && messages.Count < limit; seq++)
        {
            if (!_bySeq.TryGetValue(seq, out var message))
            {
                return false;
            }
            messages.Add(message);
        }
        page = messages;
        return true;
    }

    private static long SizeOf(MessageRecord message) => 200 + message.Body switch
    {
        TextBody text => text.Text.Length * 2L,
        CustomBody custom => custom.Data.Length,
        _ => 200,
    };
}
