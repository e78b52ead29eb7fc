using OrleansIm.Grains.Interfaces.Gateway;

namespace OrleansIm.Grains.Conversations;

/// <summary>
/// The online members of a large group and the gateways that hold their streams, as their user
/// grains report them. Entries expire unless renewed (user grains renew them whenever their
/// gateways refresh), so a dead gateway or a missed "offline" costs a few stray hints at most.
/// </summary>
internal sealed class OnlineMembers
{
    private readonly Dictionary<string, (IGatewayObserver[] Gateways, DateTimeOffset ExpiresAt)> _members = new(StringComparer.Ordinal);

    public int Count => _members.Count;

    public void Set(string userId, IGatewayObserver[] gateways, DateTimeOffset expiresAt)
    {
        if (gateways.Length == 0)
        {
            _members.Remove(userId);
        }
        else
        {
            _members[userId] = (gateways, expiresAt);
        }
    }

    public void Remove(string userId) => _members.Remove(userId);

    /// <summary>The live members grouped by gateway (one hint call per gateway); drops expired entries.</summary>
    public Dictionary<IGatewayObserver, List<string>> ByGateway(DateTimeOffset now)
    {
        var byGateway = new Dictionary<IGatewayObserver, List<string>>();
        List<string>? expired = null;
        foreach (var (userId, entry) in _members)
        {
            if (entry.ExpiresAt < now)
            {
                (expired ??= []).Add(userId);
                continue;
            }
            foreach (var gateway in entry.Gateways)
            {
                if (!byGateway.TryGetValue(gateway, out var users))
                {
                    byGateway[gateway] = users = [];
                }
                users.Add(userId);
            }
        }
        expired?.ForEach(u => _members.Remove(u));
        return byGateway;
    }
}
