using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Grains.Rooms;

/// <summary>The late-joiner ring: the last N messages worth replaying (no likes), oldest first.</summary>
internal sealed class RecentMessages(int capacity)
{
    private readonly Queue<RoomMessageRecord> _messages = new(capacity);

    public void Add(RoomMessageRecord message)
    {
        if (capacity == 0 || !message.Class.KeptForLateJoiners())
        {
            return;
        }
        if (_messages.Count == capacity)
        {
            _messages.Dequeue();
        }
        _messages.Enqueue(message);
    }

    public RoomMessageRecord[] ToArray() => [.. _messages];
}
