namespace OrleansIm.Grains.Storage.Postgres;

/// <summary>
/// The store's read statements, with positional parameters. Each is a lookup or a range read of
/// a primary key or partial index (QueryPlanTests checks the plans on a filled database), never a
/// scan over a table's messages.
/// </summary>
internal static class PostgresReadSql
{
    /// <summary>The columns <see cref="PostgresStoreReader"/> maps to a MessageRecord, in this order.</summary>
    private const string MessageColumns = "m.conversation_id, m.seq, m.sender_id, m.client_message_id, m.sent_at_ms, m.body, m.edited_at_ms, m.recalled";

    /// <summary>$1 conversation, $2 seq.</summary>
    public const string Message = $"""
        SELECT {MessageColumns} FROM message m WHERE m.conversation_id = $1 AND m.seq = $2
        """;

    /// <summary>$1 conversation, $2 anchor, $3 limit: an index range of message_pkey read backwards.</summary>
    public const string MessagesBackward = $"""
        SELECT {MessageColumns} FROM message m WHERE m.conversation_id = $1 AND m.seq < $2
        ORDER BY m.seq DESC LIMIT $3
        """;

    /// <summary>$1 conversation, $2 anchor, $3 limit.</summary>
    public const string MessagesForward = $"""
        SELECT {MessageColumns} FROM message m WHERE m.conversation_id = $1 AND m.seq > $2
        ORDER BY m.seq LIMIT $3
        """;

    /// <summary>$1 conversation. max() over an index prefix reads one entry from its end.</summary>
    public const string LastSeq = "SELECT coalesce(max(seq), 0) FROM message WHERE conversation_id = $1";

    /// <summary>$1 conversation, $2 limit. The newest sends, returned oldest first so a window rebuilt from them evicts in send order.</summary>
    public const string RecentSendKeys = """
        SELECT r.sender_id, r.client_message_id, r.seq, r.sent_at_ms FROM (
            SELECT sender_id, client_message_id, seq, sent_at_ms FROM message
            WHERE conversation_id = $1 ORDER BY seq DESC LIMIT $2) r
        ORDER BY r.seq
        """;

    /// <summary>
    /// $1 conversation, $2 after, $3 up to, $4 reader. The literal <c>counts_unread</c> lets the
    /// planner use the partial index message_unread_range even in a generic (prepared) plan.
    /// </summary>
    public const string CountUnread = """
        SELECT count(*) FROM message
        WHERE conversation_id = $1 AND seq > $2 AND seq <= $3
          AND counts_unread AND (recalled_by_seq = 0 OR recalled_by_seq > $3) AND sender_id <> $4
        """;

    /// <summary>$1 conversation.</summary>
    public const string DeliveredSeq = "SELECT coalesce(max(delivered_seq), 0) FROM conversation_delivery WHERE conversation_id = $1";

    /// <summary>$1 after, $2 limit. Reads the partial index conversation_delivery_behind: only conversations still behind.</summary>
    public const string UndeliveredConversations = """
        SELECT conversation_id FROM conversation_delivery
        WHERE delivered_seq < last_seq AND conversation_id > $1 ORDER BY conversation_id LIMIT $2
        """;

    /// <summary>
    /// $1 user, $2 after, $3 limit. Message events carry (conversation, seq) only; the join
    /// supplies the message as it is now (edited, recalled), one primary-key lookup per event.
    /// </summary>
    public const string SyncEvents = $"""
        SELECT e.sync_seq, e.kind, e.conversation_id, e.seq, e.actor_id, e.unread, {MessageColumns}
        FROM user_sync_event e
        LEFT JOIN message m ON e.kind = 1 AND m.conversation_id = e.conversation_id AND m.seq = e.seq
        WHERE e.user_id = $1 AND e.sync_seq > $2
        ORDER BY e.sync_seq LIMIT $3
        """;

    /// <summary>$1 user.</summary>
    public const string LastSyncSeq = "SELECT coalesce(max(sync_seq), 0) FROM user_sync_event WHERE user_id = $1";

    /// <summary>$1 conversation.</summary>
    public const string ReadPositions = """
        SELECT user_id, read_seq FROM read_position WHERE conversation_id = $1 ORDER BY user_id
        """;

    /// <summary>$1 conversation, $2 after user, $3 limit: a range of group_member_pkey.</summary>
    public const string GroupMembers = """
        SELECT user_id, role, joined_seq, joined_at_ms, muted FROM group_member
        WHERE conversation_id = $1 AND user_id > $2 ORDER BY user_id LIMIT $3
        """;

    /// <summary>$1 conversation, $2 user.</summary>
    public const string GroupMember = """
        SELECT user_id, role, joined_seq, joined_at_ms, muted FROM group_member
        WHERE conversation_id = $1 AND user_id = $2
        """;

    /// <summary>$1 user, $2 limit: a range of group_member_by_user.</summary>
    public const string GroupsOfMember = """
        SELECT conversation_id, joined_seq FROM group_member WHERE user_id = $1 ORDER BY conversation_id LIMIT $2
        """;

    public static ReadStatements Statements { get; } = new(
        Message, MessagesBackward, MessagesForward, LastSeq, RecentSendKeys, CountUnread, SyncEvents, LastSyncSeq, ReadPositions, DeliveredSeq, UndeliveredConversations,
        GroupMembers, GroupMember, GroupsOfMember);
}
