using OrleansIm.Grains.Interfaces.Gateway;

namespace OrleansIm.Grains.Users;

/// <summary>The user's live device streams. Kept in memory only: gateways re-register (refresh) periodically.</summary>
internal sealed class DeviceRegistry
{
    private readonly Dictionary<string, DeviceConnection> _devices = new(StringComparer.Ordinal);

    // Every push walks this; devices change rarely, so it is kept until they do.
    private IGatewayObserver[]? _receivers;

    public bool IsOnline => _devices.Count > 0;

    /// <summary>The gateways holding the user's streams, as references to hand to other grains.</summary>
    public IEnumerable<IGatewayObserver> Gateways => _devices.Values.Select(d => d.Gateway).Distinct();

    /// <summary>What to call to push to each of those gateways (see <see cref="DeviceConnection.Receiver"/>).</summary>
    public IGatewayObserver[] Receivers => _receivers ??= [.. _devices.Values.Select(d => d.Receiver).Distinct()];

    public bool Contains(string deviceId, string connectionId) =>
        _devices.TryGetValue(deviceId, out var current) && current.ConnectionId == connectionId;

    /// <summary>Registers a stream; returns the one it replaces, if any.</summary>
    public DeviceConnection? Register(string deviceId, string connectionId, IGatewayObserver gateway, IGatewayObserver receiver, DateTimeOffset now)
    {
        _devices.TryGetValue(deviceId, out var previous);
        _devices[deviceId] = new DeviceConnection(connectionId, gateway, receiver, now);
        _receivers = null;
        return previous is not null && previous.ConnectionId != connectionId ? previous : null;
    }

    public bool Unregister(string deviceId, string connectionId)
    {
        if (_devices.TryGetValue(deviceId, out var current) && current.ConnectionId == connectionId)
        {
            _devices.Remove(deviceId);
            _receivers = null;
            return true;
        }
        return false;
    }

    /// <summary>Drops every registration; returns them.</summary>
    public List<(string DeviceId, DeviceConnection Connection)> RemoveAll()
    {
        var all = _devices.Select(d => (d.Key, d.Value)).ToList();
        _devices.Clear();
        _receivers = null;
        return all;
    }

    /// <summary>Drops registrations whose gateway has stopped refreshing them; returns how many.</summary>
    public int Expire(DateTimeOffset olderThan)
    {
        var stale = _devices.Where(d => d.Value.RefreshedAt < olderThan).Select(d => d.Key).ToList();
        foreach (var deviceId in stale)
        {
            _devices.Remove(deviceId);
        }
        if (stale.Count > 0)
        {
            _receivers = null;
        }
        return stale.Count;
    }
}
