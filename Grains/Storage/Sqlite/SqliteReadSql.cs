namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// The store's read statements. Each one is a lookup or a range read of a primary key or index
/// (the tests check the query plans), never a scan over a table's messages. Their $parameters
/// appear in the order <see cref="ReadStatements"/> gives, which is how they are bound.
/// </summary>
internal static class SqliteReadSql
{
    /// <summary>The columns <see cref="SqliteStoreReader"/> maps to a MessageRecord, in this order.</summary>
    private const string MessageColumns = "m.conversation_id, m.seq, m.sender_id, m.client_message_id, m.sent_at_ms, m.body, m.edited_at_ms, m.recalled";

    public const string Message = $"""
        SELECT {MessageColumns} FROM message m WHERE m.conversation_id = $conversation AND m.seq = $seq
        """;

    public const string MessagesBackward = $"""
        SELECT {MessageColumns} FROM message m WHERE m.conversation_id = $conversation AND m.seq < $anchor
        ORDER BY m.seq DESC LIMIT $limit
        """;

    public const string MessagesForward = $"""
        SELECT {MessageColumns} FROM message m WHERE m.conversation_id = $conversation AND m.seq > $anchor
        ORDER BY m.seq LIMIT $limit
        """;

    public const string LastSeq = "SELECT coalesce(max(seq), 0) FROM message WHERE conversation_id = $conversation";

    /// <summary>The newest sends, returned oldest first so a window rebuilt from them evicts in send order.</summary>
    public const string RecentSendKeys = """
        SELECT sender_id, client_message_id, seq, sent_at_ms FROM (
            SELECT sender_id, client_message_id, seq, sent_at_ms FROM message
            WHERE conversation_id = $conversation ORDER BY seq DESC LIMIT $limit)
        ORDER BY seq
        """;

    /// <summary>Written so that SQLite can use the partial index message_unread_range (its WHERE is implied).</summary>
    public const string CountUnread = """
        SELECT count(*) FROM message
        WHERE conversation_id = $conversation AND seq > $after AND seq <= $up_to
          AND counts_unread = 1 AND (recalled_by_seq = 0 OR recalled_by_seq > $up_to) AND sender_id <> $user
        """;

    public const string DeliveredSeq = "SELECT coalesce(max(delivered_seq), 0) FROM conversation_delivery WHERE conversation_id = $conversation";

    /// <summary>Uses the partial index conversation_delivery_behind: only conversations still behind are read.</summary>
    public const string UndeliveredConversations = """
        SELECT conversation_id FROM conversation_delivery
        WHERE delivered_seq < last_seq AND conversation_id > $after ORDER BY conversation_id LIMIT $limit
        """;

    /// <summary>Message events carry (conversation, seq) only; the join supplies the message as it is now (edited, recalled).</summary>
    public const string SyncEvents = $"""
        SELECT e.sync_seq, e.kind, e.conversation_id, e.seq, e.actor_id, e.unread, {MessageColumns}
        FROM user_sync_event e
        LEFT JOIN message m ON e.kind = 1 AND m.conversation_id = e.conversation_id AND m.seq = e.seq
        WHERE e.user_id = $user AND e.sync_seq > $after
        ORDER BY e.sync_seq LIMIT $limit
        """;

    public const string LastSyncSeq = "SELECT coalesce(max(sync_seq), 0) FROM user_sync_event WHERE user_id = $user";

    public const string ReadPositions = """
        SELECT user_id, read_seq FROM read_position WHERE conversation_id = $conversation ORDER BY user_id
        """;

    public const string GroupMembers = """
        SELECT user_id, role, joined_seq, joined_at_ms, muted FROM group_member
        WHERE conversation_id = $conversation AND user_id > $after ORDER BY user_id LIMIT $limit
        """;

    public const string GroupMember = """
        SELECT user_id, role, joined_seq, joined_at_ms, muted FROM group_member
        WHERE conversation_id = $conversation AND user_id = $user
        """;

    /// <summary>Uses the index group_member_by_user (it covers every column read).</summary>
    public const string GroupsOfMember = """
        SELECT conversation_id, joined_seq FROM group_member WHERE user_id = $user ORDER BY conversation_id LIMIT $limit
        """;

    public static ReadStatements Statements { get; } = new(
        Message, MessagesBackward, MessagesForward, LastSeq, RecentSendKeys, CountUnread, SyncEvents, LastSyncSeq, ReadPositions, DeliveredSeq, UndeliveredConversations,
        GroupMembers, GroupMember, GroupsOfMember);

    public static IReadOnlyList<string> All => Statements.All;
}
