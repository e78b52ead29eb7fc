using OrleansIm.Grains.Interfaces.Security;
using Orleans.Concurrency;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Gateway;
using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Interfaces.Users;

/// <summary>
/// One user (key: user id). The only writer of the user's sync seq, conversation list, read
/// positions, unread counts and device cursors, so the per-conversation unread counts and
/// their total can never disagree.
/// </summary>
[Alias("OrleansIm.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Registers a device's live stream at a gateway. A newer connection for the same device replaces the older one.</summary>
    [ActsFor(ActsForAttribute.GrainKey, RefusedWhenBanned = true)]
    [Alias("Connect")]
    Task<ConnectOutcome> Connect(string deviceId, string connectionId, IGatewayObserver gateway);

    /// <summary>Forgets a device's stream if <paramref name="connectionId"/> is still the current one.</summary>
    [ActsFor(ActsForAttribute.GrainKey)]
    [Alias("Disconnect")]
    Task Disconnect(string deviceId, string connectionId);

    /// <summary>
    /// Re-registers the live streams a gateway still holds, so registrations of a dead gateway
    /// expire. Made on behalf of the stream's user (the gateway authenticated that stream): an
    /// unmarked Refresh would let any cluster client register itself for another user's pushes.
    /// </summary>
    [ActsFor(ActsForAttribute.GrainKey)]
    [Alias("Refresh")]
    Task Refresh(string deviceId, string connectionId, IGatewayObserver gateway);

    /// <summary>
    /// Closes every live stream of the user (a platform ban): each gateway is told to end the
    /// stream with <paramref name="reason"/> (its GoAway), and the registrations are dropped.
    /// Returns how many were closed.
    /// </summary>
    [RequiresPrivilege]
    [Alias("CloseStreams")]
    Task<int> CloseStreams(string reason);

    [ActsFor(ActsForAttribute.GrainKey)]
    [Alias("Sync")]
    Task<SyncPage> Sync(long after, int limit);

    [ActsFor(ActsForAttribute.GrainKey)]
    [Alias("AckCursor")]
    Task AckCursor(string deviceId, long cursor);

    [ActsFor(ActsForAttribute.GrainKey)]
    [Alias("ListConversations")]
    Task<ConversationList> ListConversations();

    /// <summary>Moves the read position (never backwards), recomputes unread, tells the user's devices and the conversation.</summary>
    [ActsFor(ActsForAttribute.GrainKey)]
    [Alias("MarkRead")]
    Task<MarkReadOutcome> MarkRead(string conversationId, long seq);

    /// <summary>
    /// Whether the user is online. Asked about other users (the gateway answers a caller's
    /// presence query for the direct peers in the caller's own list), so it is not bound to the caller.
    /// </summary>
    [Alias("GetPresence")]
    Task<PresenceSignal> GetPresence();

    /// <summary>Called by a conversation, in seq order; idempotent per (conversation, seq).</summary>
    [Alias("DeliverMessages")]
    Task DeliverMessages(ConversationHeader conversation, MessageRecord[] messages);

    /// <summary>Called by a conversation when another member read it.</summary>
    [Alias("DeliverReceipt")]
    Task DeliverReceipt(string conversationId, string readerId, long readSeq);

    /// <summary>Called by a large group for each member a message mentions; sets the mention flag until read.</summary>
    [Alias("DeliverMention")]
    Task DeliverMention(string conversationId, long seq, string senderId);

    [Alias("DeliverTyping"), OneWay]
    Task DeliverTyping(TypingSignal signal);

    /// <summary>Called by a direct-conversation peer when that peer goes online or offline.</summary>
    [Alias("DeliverPresence"), OneWay]
    Task DeliverPresence(PresenceSignal signal);
}
