using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Storage;

/// <summary>
/// The project's own message store: messages by (conversation, seq), each user's sync log,
/// and read positions. Writes return only once durable; implementations commit concurrent
/// writes together (many writes, one transaction) and complete them in the order queued.
/// Grains are the only writers, each for its own keys, so the store needs no locking of its own.
/// </summary>
public interface IMessageStore
{
    /// <summary>Stores a new message and, in the same transaction, the change it makes to an earlier one (edit, recall).</summary>
    Task AppendMessageAsync(MessageRecord message, MessageUpdate? targetUpdate = null, CancellationToken cancellationToken = default);

    /// <summary>The highest seq stored for the conversation, 0 if none.</summary>
    Task<long> GetLastSeqAsync(string conversationId, CancellationToken cancellationToken = default);

    Task<MessageRecord?> GetMessageAsync(string conversationId, long seq, CancellationToken cancellationToken = default);

    /// <summary>
    /// Backward: seq &lt; anchor (anchor &lt;= 0 means from the end), newest first.
    /// Forward: seq &gt; anchor, oldest first. At most <paramref name="limit"/> messages.
    /// </summary>
    Task<IReadOnlyList<MessageRecord>> ReadMessagesAsync(string conversationId, long anchorSeq, HistoryDirection direction, int limit, CancellationToken cancellationToken = default);

    /// <summary>(sender, client message id) of the newest <paramref name="limit"/> messages, to rebuild the dedup window on activation.</summary>
    Task<IReadOnlyList<SendKey>> ReadRecentSendKeysAsync(string conversationId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many messages in (afterSeq, upToSeq] count as unread for <paramref name="userId"/>:
    /// countable kinds, sent by others, and not recalled by a notice at or before upToSeq (a recall
    /// after upToSeq has not reached the reader's count yet, which takes it off when it does).
    /// </summary>
    Task<int> CountUnreadAsync(string conversationId, string userId, long afterSeq, long upToSeq, CancellationToken cancellationToken = default);

    /// <summary>Appends events to a user's sync log; their sync seqs are assigned by the user grain and contiguous.</summary>
    Task AppendSyncEventsAsync(string userId, IReadOnlyList<StoredSyncEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Events with sync seq &gt; <paramref name="after"/>, oldest first, message events joined with the message's current state.</summary>
    Task<IReadOnlyList<SyncEventRecord>> ReadSyncEventsAsync(string userId, long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The highest sync seq stored for the user, 0 if none.</summary>
    Task<long> GetLastSyncSeqAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Records that every message up to <paramref name="deliveredSeq"/> reached all its recipients (never moves back).</summary>
    Task MarkDeliveredAsync(string conversationId, long deliveredSeq, CancellationToken cancellationToken = default);

    Task<long> GetDeliveredSeqAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Conversations with messages stored but not yet delivered to every recipient (a node stopped
    /// mid fan-out), in id order after <paramref name="afterConversationId"/> ("" for the first page).
    /// </summary>
    Task<IReadOnlyList<string>> ListUndeliveredConversationsAsync(string afterConversationId, int limit, CancellationToken cancellationToken = default);

    Task SaveReadPositionAsync(string conversationId, string userId, long readSeq, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReadPositionInfo>> ReadReadPositionsAsync(string conversationId, CancellationToken cancellationToken = default);

    // ---- large groups: membership kept as rows, changed in pages (docs/large-groups.md) ----

    /// <summary>Stores a membership notice and the membership rows it announces in one transaction.</summary>
    Task AppendMessageWithMembersAsync(MessageRecord message, GroupMemberChanges members, CancellationToken cancellationToken = default);

    /// <summary>Writes membership rows (a mute, a role change) without a message.</summary>
    Task SaveGroupMembersAsync(string conversationId, GroupMemberChanges members, CancellationToken cancellationToken = default);

    /// <summary>Members in user id order after <paramref name="afterUserId"/> ("" for the first page).</summary>
    Task<IReadOnlyList<GroupMemberRow>> ReadGroupMembersAsync(string conversationId, string afterUserId, int limit, CancellationToken cancellationToken = default);

    Task<GroupMemberRow?> GetGroupMemberAsync(string conversationId, string userId, CancellationToken cancellationToken = default);

    /// <summary>The large groups a user belongs to, in conversation id order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<GroupMembership>> ListGroupsOfMemberAsync(string userId, int limit, CancellationToken cancellationToken = default);
}
