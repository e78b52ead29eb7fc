using System.Collections.Concurrent;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Gateway.GrainAccess;

/// <summary>
/// Grain references by key, made once. Orleans 10 resolves a grain interface's type through
/// attribute reflection and builds a proxy on every GetGrain call; on the send path that was
/// several percent of the node's allocations. References are immutable and stay valid, so a
/// bounded cache is enough (cleared wholesale when full: a rare rebuild costs less than tracking
/// recency on every send).
/// </summary>
public sealed class GrainReferences(IGrainFactory grains)
{
    private const int MaxEntries = 200_000;
    private readonly ConcurrentDictionary<string, IConversationGrain> _conversations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IUserGrain> _users = new(StringComparer.Ordinal);

    public IConversationGrain Conversation(string conversationId) =>
        Get(_conversations, conversationId, id => grains.GetGrain<IConversationGrain>(id));

    public IUserGrain User(string userId) =>
        Get(_users, userId, id => grains.GetGrain<IUserGrain>(id));

    private static T Get<T>(ConcurrentDictionary<string, T> cache, string key, Func<string, T> create)
    {
        if (cache.TryGetValue(key, out var reference))
        {
            return reference;
        }
        if (cache.Count >= MaxEntries)
        {
            cache.Clear();
        }
        return cache.GetOrAdd(key, create);
    }
}
