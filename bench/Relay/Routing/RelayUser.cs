using OrleansIm.Bench.Relay.Connections;
using OrleansIm.Bench.Relay.Hosting;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Relay.Routing;

/// <summary>
/// One user: the sync seq counter and the live streams of the user's devices. A sync seq is
/// assigned and pushed under the user's lock, so every stream receives the user's events in
/// sync seq order, as the SDK expects (a hole it cannot pull would stall it).
/// </summary>
internal sealed class RelayUser(string id)
{
    private readonly Lock _gate = new();
    private long _syncSeq;
    private RelayConnection[] _connections = [];

    public string Id { get; } = id;

    public long LatestSyncSeq
    {
        get { lock (_gate) { return _syncSeq; } }
    }

    /// <summary>Adds a stream; an older stream of the same device is told to go away, as the gateway does.</summary>
    public void Attach(RelayConnection connection)
    {
        lock (_gate)
        {
            foreach (var old in _connections.Where(c => c.DeviceId == connection.DeviceId))
            {
                old.GoAway("replaced by a newer stream of the same device", RelayLimits.ReplacedReconnectDelay);
            }
            _connections = [.. _connections.Where(c => c.DeviceId != connection.DeviceId), connection];
            connection.SyncSeqAtAttach = _syncSeq;
        }
    }

    public void Detach(RelayConnection connection)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_connections, connection) >= 0)
            {
                _connections = [.. _connections.Where(c => c != connection)];
            }
        }
    }

    /// <summary>Numbers the message on this user's timeline (online or not) and pushes it to every live stream.</summary>
    public void Deliver(Message message)
    {
        lock (_gate)
        {
            var seq = ++_syncSeq;
            if (_connections.Length == 0)
            {
                return;
            }
            var frame = new ServerFrame { Event = new SyncEvent { SyncSeq = seq, Message = message } };
            foreach (var connection in _connections)
            {
                connection.PushEvent(frame, seq);
            }
        }
    }

    /// <summary>An ephemeral signal: no sync seq, no ordering promise, so no lock.</summary>
    public void Signal(ServerFrame frame)
    {
        foreach (var connection in Volatile.Read(ref _connections))
        {
            connection.TryPush(frame);
        }
    }
}
