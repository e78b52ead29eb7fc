using System.Collections.Concurrent;

namespace OrleansIm.Gateway.Connections;

/// <summary>The streams this gateway holds, by user, so a push for a user reaches all of that user's local devices.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ClientConnection>> _byUser = new(StringComparer.Ordinal);

    public int Count => _byUser.Values.Sum(c => c.Count);

    internal void Add(ClientConnection connection) =>
        _byUser.GetOrAdd(connection.UserId, _ => new(StringComparer.Ordinal))[connection.ConnectionId] = connection;

    internal void Remove(ClientConnection connection)
    {
        if (_byUser.TryGetValue(connection.UserId, out var connections))
        {
            connections.TryRemove(connection.ConnectionId, out _);
            if (connections.IsEmpty)
            {
                _byUser.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, ClientConnection>>(connection.UserId, connections));
            }
        }
    }

    internal IEnumerable<ClientConnection> ForUser(string userId) =>
        _byUser.TryGetValue(userId, out var connections) ? connections.Values : [];

    internal ClientConnection? Find(string userId, string connectionId) =>
        _byUser.TryGetValue(userId, out var connections) && connections.TryGetValue(connectionId, out var c) ? c : null;

    internal IEnumerable<ClientConnection> All => _byUser.Values.SelectMany(c => c.Values);
}
