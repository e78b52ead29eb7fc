using Orleans.Concurrency;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Interfaces.Gateway;

/// <summary>
/// One per gateway process (not per connection): user grains push to it and the gateway fans
/// out to its local streams. Calls are one-way so a slow gateway never holds a grain up; a
/// device that misses a push finds the gap by sync seq and pulls.
/// </summary>
[Alias("OrleansIm.IGatewayObserver")]
public interface IGatewayObserver : IGrainObserver
{
    [Alias("PushEvents"), OneWay]
    Task PushEvents(string userId, SyncEventRecord[] events);

    [Alias("PushTyping"), OneWay]
    Task PushTyping(string userId, TypingSignal signal);

    [Alias("PushPresence"), OneWay]
    Task PushPresence(string userId, PresenceSignal signal);

    /// <summary>
    /// A large group advanced: one call per gateway per merge window, naming the local members
    /// to tell. They pull the new messages by conversation seq.
    /// </summary>
    [Alias("PushConversationAdvanced"), OneWay]
    Task PushConversationAdvanced(ConversationAdvanced hint, string[] userIds);

    /// <summary>
    /// The same hint, with the window's messages for the gateway to answer these members' pulls
    /// from. Only members who may read every message of the window are named here (the others
    /// get <see cref="PushConversationAdvanced"/>); their streams still get the compact hint.
    /// </summary>
    [Alias("PushConversationWindow"), OneWay]
    Task PushConversationWindow(ConversationWindow window, string[] userIds);

    /// <summary>Closes a stream that another connection of the same device has replaced.</summary>
    [Alias("Replaced"), OneWay]
    Task Replaced(string userId, string deviceId, string connectionId);

    /// <summary>Closes a stream the platform ended for a reason of its own (a ban); the reason is the client's GoAway.</summary>
    [Alias("Closed"), OneWay]
    Task Closed(string userId, string deviceId, string connectionId, string reason);
}
