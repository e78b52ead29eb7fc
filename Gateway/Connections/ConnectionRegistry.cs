using System.Collections.Concurrent;

namespace OrleansIm.Gateway.Connections;

/// <summary>The streams this gateway holds, by user, so a push for a user reaches all of that user's local devices.</summary>
public sealed class ConnectionRegistry
{
    // A user has a handful of devices at most: a copy-on-write array per user is far smaller
    // than a dictionary per user, and pushes (the hot path) read it without locking.
    private readonly ConcurrentDictionary<string, ClientConnection[]> _byUser = new(StringComparer.Ordinal);

    // Adds and removes are rare next to pushes; one lock makes "count, then add" exact, so two
    // racing connects cannot both take the last free place.
    private readonly Lock _changes = new();
    private int _count;

    /// <summary>Streams held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Adds the stream unless the gateway or the user is at the limit. The device's own
    /// previous stream (a reconnect the user grain is about to replace) does not count
    /// against the user's limit, so a device can always come back.
    /// </summary>
    internal ConnectionAdmission TryAdd(ClientConnection connection, int maxStreams, int maxStreamsPerUser)
    {
        lock (_changes)
        {
            if (_count >= maxStreams)
            {
                return ConnectionAdmission.GatewayFull;
            }
            var existing = ForUser(connection.UserId);
            var otherDevices = existing.Select(c => c.DeviceId).Where(d => d != connection.DeviceId).Distinct(StringComparer.Ordinal).Count();
            if (otherDevices >= maxStreamsPerUser)
            {
                return ConnectionAdmission.UserFull;
            }
            _byUser[connection.UserId] = [.. existing, connection];
            _count++;
            return ConnectionAdmission.Admitted;
        }
    }

    internal void Remove(ClientConnection connection)
    {
        lock (_changes)
        {
            if (!_byUser.TryGetValue(connection.UserId, out var existing) || !existing.Contains(connection))
            {
                return;
            }
            var remaining = existing.Where(c => c != connection).ToArray();
            if (remaining.Length == 0)
            {
                _byUser.TryRemove(connection.UserId, out _);
            }
            else
            {
                _byUser[connection.UserId] = remaining;
            }
            _count--;
        }
    }

    internal ClientConnection[] ForUser(string userId) =>
        _byUser.TryGetValue(userId, out var connections) ? connections : [];

    internal ClientConnection? Find(string userId, string connectionId) =>
        ForUser(userId).FirstOrDefault(c => c.ConnectionId == connectionId);

    internal IEnumerable<ClientConnection> All => _byUser.Values.SelectMany(c => c);
}
