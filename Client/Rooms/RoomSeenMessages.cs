using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Rooms;

/// <summary>
/// The seqs a watch has already handed to the app, so a resumed watch does not repeat what the
/// ring replays. A set rather than a high-water mark: frames of two windows may arrive out of
/// seq order, and a lower seq after a higher one is new, not a repeat.
/// </summary>
internal sealed class RoomSeenMessages(int capacity = 4096)
{
    private readonly HashSet<long> _seen = [];
    private readonly Queue<long> _order = new();

    /// <summary>The event with the messages already seen taken out (and the rest remembered).</summary>
    public RoomEvent Admit(RoomEvent e) => e switch
    {
        RoomJoinedEvent joined => joined with { Recent = Unseen(joined.Recent) },
        RoomMessagesEvent batch => batch with { Messages = Unseen(batch.Messages) },
        _ => e,
    };

    private IReadOnlyList<RoomMessage> Unseen(IReadOnlyList<RoomMessage> messages)
    {
        var unseen = new List<RoomMessage>(messages.Count);
        foreach (var message in messages)
        {
            if (_seen.Add(message.Seq))
            {
                _order.Enqueue(message.Seq);
                unseen.Add(message);
                if (_order.Count > capacity)
                {
                    _seen.Remove(_order.Dequeue());
                }
            }
        }
        return unseen.Count == messages.Count ? messages : unseen;
    }
}
