using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Grains.Rooms;

/// <summary>
/// The room's members: gateways, keyed by gateway id. Generations order a gateway's
/// subscribe/unsubscribe calls (a late unsubscribe of an older generation is ignored), and a
/// gateway that stops refreshing expires, so a dead gateway costs the room nothing for long.
/// </summary>
internal sealed class GatewayTable(TimeProvider clock)
{
    private readonly SortedDictionary<string, GatewaySubscription> _gateways = new(StringComparer.Ordinal);
    private IRoomGatewayObserver[]? _observers;

    public int Count => _gateways.Count;

    public long ViewerCount { get; private set; }

    /// <summary>The gateways in id order, made again only when membership changes.</summary>
    public IRoomGatewayObserver[] Observers => _observers ??= [.. _gateways.Values.Select(g => g.Observer)];

    /// <summary>Adds or refreshes a gateway; false when the call is older than what the room knows.</summary>
    public bool Upsert(string gatewayId, IRoomGatewayObserver observer, long generation, int viewers)
    {
        var now = clock.GetTimestamp();
        if (_gateways.TryGetValue(gatewayId, out var known))
        {
            if (generation < known.Generation)
            {
                return false;
            }
            known.Observer = observer;
            known.Generation = generation;
            known.Viewers = Math.Max(0, viewers);
            known.SeenAt = now;
        }
        else
        {
            _gateways[gatewayId] = new GatewaySubscription(observer, generation, Math.Max(0, viewers), now);
            _observers = null;
        }
        Recount();
        return true;
    }

    public void Remove(string gatewayId, long generation)
    {
        if (_gateways.TryGetValue(gatewayId, out var known) && known.Generation <= generation)
        {
            _gateways.Remove(gatewayId);
            _observers = null;
            Recount();
        }
    }

    /// <summary>Forgets gateways that have not refreshed within <paramref name="ttl"/>; returns how many.</summary>
    public int Expire(TimeSpan ttl)
    {
        var now = clock.GetTimestamp();
        var stale = _gateways.Where(g => clock.GetElapsedTime(g.Value.SeenAt, now) > ttl).Select(g => g.Key).ToList();
        foreach (var id in stale)
        {
            _gateways.Remove(id);
        }
        if (stale.Count > 0)
        {
            _observers = null;
            Recount();
        }
        return stale.Count;
    }

    private void Recount() => ViewerCount = _gateways.Values.Sum(g => (long)g.Viewers);
}
