using System.Collections.Concurrent;

namespace OrleansIm.Gateway.Connections;

/// <summary>The streams this gateway holds, by user, so a push for a user reaches all of that user's local devices.</summary>
public sealed class ConnectionRegistry
{
    // A user has a handful of devices at most: a copy-on-write array per user is far smaller
    // than a dictionary per user, and pushes (the hot path) read it without locking.
    private readonly ConcurrentDictionary<string, ClientConnection[]> _byUser = new(StringComparer.Ordinal);

    internal void Add(ClientConnection connection) =>
        _byUser.AddOrUpdate(connection.UserId, _ => [connection], (_, existing) => [.. existing, connection]);

    internal void Remove(ClientConnection connection)
    {
        while (_byUser.TryGetValue(connection.UserId, out var existing))
        {
            var remaining = existing.Where(c => c != connection).ToArray();
            var replaced = remaining.Length == 0
                ? _byUser.TryRemove(new KeyValuePair<string, ClientConnection[]>(connection.UserId, existing))
                : _byUser.TryUpdate(connection.UserId, remaining, existing);
            if (replaced)
            {
                return;
            }
        }
    }

    internal ClientConnection[] ForUser(string userId) =>
        _byUser.TryGetValue(userId, out var connections) ? connections : [];

    internal ClientConnection? Find(string userId, string connectionId) =>
        ForUser(userId).FirstOrDefault(c => c.ConnectionId == connectionId);

    internal IEnumerable<ClientConnection> All => _byUser.Values.SelectMany(c => c);
}
