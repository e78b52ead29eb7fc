namespace OrleansIm.Gateway.Rooms;

/// <summary>
/// The rooms that have local viewers, shared by the registry (joins and leaves) and the
/// observer (batches from the rooms). A room stays listed while anyone holds it.
/// </summary>
internal sealed class LocalRoomDirectory
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LocalRoom> _rooms = new(StringComparer.Ordinal);

    public IReadOnlyList<LocalRoom> All
    {
        get { lock (_gate) { return [.. _rooms.Values]; } }
    }

    public LocalRoom? Find(string roomId)
    {
        lock (_gate)
        {
            return _rooms.GetValueOrDefault(roomId);
        }
    }

    /// <summary>The listed room, or a new one from <paramref name="create"/>; either way held once more.</summary>
    public LocalRoom Acquire(string roomId, Func<LocalRoom> create)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(roomId, out var room))
            {
                room = create();
                _rooms[roomId] = room;
            }
            room!.Holders++;
            return room;
        }
    }

    /// <summary>Drops one hold; true when that was the last and the room is no longer listed.</summary>
    public bool Release(LocalRoom room)
    {
        lock (_gate)
        {
            if (--room.Holders > 0)
            {
                return false;
            }
            if (_rooms.TryGetValue(room.RoomId, out var current) && ReferenceEquals(current, room))
            {
                _rooms.Remove(room.RoomId);
            }
            return true;
        }
    }
}
