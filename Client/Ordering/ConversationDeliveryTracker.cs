namespace OrleansIm.Client.Ordering;

/// <summary>
/// The last conversation seq delivered to the app, per conversation. The sync seq already
/// orders events, but a message can still reach a device twice (an edit of history, a re-join,
/// a pull overlapping a fill) or after a hole; this is the guard that the app sees each
/// conversation's messages once and in order. Not thread-safe, like <see cref="SyncSequencer"/>.
/// </summary>
internal sealed class ConversationDeliveryTracker
{
    private readonly Dictionary<string, long> _lastDelivered = new(StringComparer.Ordinal);

    public DeliveryDecision Classify(string conversationId, long seq, out long lastDelivered)
    {
        if (!_lastDelivered.TryGetValue(conversationId, out lastDelivered))
        {
            return DeliveryDecision.Deliver;
        }

        if (seq <= lastDelivered)
        {
            return DeliveryDecision.Duplicate;
        }

        return seq == lastDelivered + 1 ? DeliveryDecision.Deliver : DeliveryDecision.Gap;
    }

    public void MarkDelivered(string conversationId, long seq)
    {
        if (!_lastDelivered.TryGetValue(conversationId, out var last) || seq > last)
        {
            _lastDelivered[conversationId] = seq;
        }
    }

    public bool TryGetLastDelivered(string conversationId, out long seq) => _lastDelivered.TryGetValue(conversationId, out seq);
}
