using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Protocol.V1;
using RoomClosedCode = OrleansIm.Grains.Interfaces.Rooms.RoomClosedCode;

namespace OrleansIm.Gateway.Rooms;

/// <summary>
/// This gateway's side of one room: its local viewers and a copy of what a newcomer needs (the
/// ring, the viewer count, the removals), kept current from the room's batches. Joining and
/// fan-out take the same lock, so a newcomer gets the ring up to some seq and every batch after
/// it, with nothing missed or doubled.
/// </summary>
internal sealed class LocalRoom(string roomId, long generation, int ringSize)
{
    private readonly object _gate = new();
    private readonly List<RoomViewer> _viewers = [];
    private readonly Queue<RoomMessage> _ring = new();
    private readonly Dictionary<string, long> _removedUntilMs = new(StringComparer.Ordinal);
    private RoomInfo _info = new() { RoomId = roomId };
    private long _viewerCount;
    private long _ringSeq;
    private List<string> _arrived = [];
    private List<string> _departed = [];

    public string RoomId { get; } = roomId;

    /// <summary>Orders this subscription's calls against those of an earlier or later one (see ILiveRoomGrain.Subscribe).</summary>
    public long Generation { get; } = generation;

    /// <summary>Joins waiting on the subscription or watching; the room is retired when it drops to zero. Guarded by the registry.</summary>
    public int Holders { get; set; }

    /// <summary>The room's answer to this gateway's subscribe; set once by the registry.</summary>
    public Task<RoomSnapshot> Subscription { get; set; } = null!;

    public int ViewerCount
    {
        get { lock (_gate) { return _viewers.Count; } }
    }

    public void Apply(RoomSnapshot snapshot)
    {
        lock (_gate)
        {
            _info = RoomProtoMapper.ToProto(snapshot.Info);
            _viewerCount = snapshot.ViewerCount;
            // Batches that arrived before the answer are newer than its ring: keep them after it.
            var early = _ring.Where(m => m.Seq > (snapshot.Recent.Length == 0 ? 0 : snapshot.Recent[^1].Seq)).ToList();
            _ring.Clear();
            _ringSeq = 0;
            foreach (var message in snapshot.Recent.Select(RoomProtoMapper.ToProto).Concat(early))
            {
                AddToRingLocked(message);
            }
            foreach (var removal in snapshot.Removed)
            {
                _removedUntilMs[removal.UserId] = removal.UntilMs;
            }
        }
    }

    /// <summary>Adds a viewer and returns its first frame; refused while the user is removed.</summary>
    public RoomJoined Join(RoomViewer viewer, long nowMs)
    {
        lock (_gate)
        {
            if (_removedUntilMs.TryGetValue(viewer.UserId, out var until) && until > nowMs)
            {
                throw ImException.PermissionDenied($"You were removed from room {RoomId} for {(until - nowMs + 999) / 1000} more seconds.");
            }
            _viewers.Add(viewer);
            _arrived.Add(viewer.UserId);
            var joined = new RoomJoined { Room = _info, ViewerCount = _viewerCount };
            joined.Recent.AddRange(_ring);
            return joined;
        }
    }

    public void Leave(RoomViewer viewer)
    {
        lock (_gate)
        {
            if (_viewers.Remove(viewer))
            {
                _departed.Add(viewer.UserId);
            }
        }
    }

    /// <summary>
    /// Viewers that arrived and left since the last call, at most <paramref name="limit"/> of
    /// each: the rest are dropped here, as the lowest class is under load anyway.
    /// </summary>
    public (string[] Arrived, string[] Departed) TakeArrivalsAndDepartures(int limit)
    {
        lock (_gate)
        {
            var taken = (_arrived.Take(limit).ToArray(), _departed.Take(limit).ToArray());
            _arrived = [];
            _departed = [];
            return taken;
        }
    }

    /// <summary>One batch from the room: converted once, then handed to every local viewer.</summary>
    public void Deliver(RoomBatchRecord batch)
    {
        var messages = new RoomMessage[batch.Messages.Length];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = RoomProtoMapper.ToProto(batch.Messages[i]);
        }
        lock (_gate)
        {
            _viewerCount = batch.ViewerCount;
            foreach (var message in messages)
            {
                AddToRingLocked(message);
            }
            foreach (var viewer in _viewers)
            {
                viewer.Enqueue(messages, batch.ViewerCount);
            }
        }
    }

    public void Remove(RoomRemoval removal)
    {
        lock (_gate)
        {
            _removedUntilMs[removal.UserId] = removal.UntilMs;
            foreach (var viewer in _viewers.Where(v => v.UserId == removal.UserId))
            {
                viewer.Close(RoomClosedCode.Removed, "removed by a moderator");
            }
        }
    }

    /// <summary>Closes, with TOKEN_EXPIRED, each watch whose token <paramref name="refusal"/> gives a reason to refuse; returns how many.</summary>
    public int CloseRefused(Func<RoomViewer, string?> refusal)
    {
        var closed = 0;
        lock (_gate)
        {
            foreach (var viewer in _viewers)
            {
                // A watch already closing (by an earlier sweep, or for another reason) is not counted again.
                if (refusal(viewer) is { } reason && viewer.Close(RoomClosedCode.TokenExpired, reason))
                {
                    closed++;
                }
            }
        }
        return closed;
    }

    public void CloseAll(RoomClosedCode code, string reason)
    {
        lock (_gate)
        {
            foreach (var viewer in _viewers)
            {
                viewer.Close(code, reason);
            }
        }
    }

    private void AddToRingLocked(RoomMessage message)
    {
        // Relays and one-way calls may rarely reorder windows; the ring keeps seq order by
        // skipping what is older than its newest entry (the viewers still get it).
        if (ringSize == 0 || message.Seq <= _ringSeq || !((Grains.Interfaces.Rooms.RoomMessageClass)(int)message.Class).KeptForLateJoiners())
        {
            return;
        }
        if (_ring.Count == ringSize)
        {
            _ring.Dequeue();
        }
        _ring.Enqueue(message);
        _ringSeq = message.Seq;
    }
}
