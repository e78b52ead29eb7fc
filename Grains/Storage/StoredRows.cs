using System.Data.Common;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Storage;

/// <summary>
/// Maps the rows of the store's read statements to records, for every backend: their statements
/// select the same columns in the same order (see SqliteReadSql and PostgresReadSql).
/// </summary>
internal static class StoredRows
{
    /// <summary>A message whose columns start at <paramref name="first"/> (after a sync event's, in a sync read).</summary>
    public static MessageRecord Message(DbDataReader r, int first) => new(
        ConversationId: r.GetString(first),
        Seq: r.GetInt64(first + 1),
        SenderId: r.GetString(first + 2),
        ClientMessageId: r.GetString(first + 3),
        SentAtMs: r.GetInt64(first + 4),
        Body: MessageBodyJson.Deserialize(r.IsDBNull(first + 5) ? null : r.GetString(first + 5)),
        EditedAtMs: r.GetInt64(first + 6),
        Recalled: r.GetBoolean(first + 7));

    /// <summary>A sync event, with its message (joined, NULL columns when the event is not a message or the message is gone).</summary>
    public static SyncEventRecord SyncEvent(DbDataReader r) => new(
        SyncSeq: r.GetInt64(0),
        Kind: (SyncEventKind)r.GetInt32(1),
        ConversationId: r.GetString(2),
        Seq: r.GetInt64(3),
        ActorId: r.GetString(4),
        Unread: r.GetInt32(5),
        Message: r.IsDBNull(6) ? null : Message(r, 6));

    public static SendKey SendKey(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3));

    /// <summary>user_id, role, joined_seq, joined_at_ms, muted.</summary>
    public static GroupMemberRow GroupMember(DbDataReader r) =>
        new(r.GetString(0), (MemberRole)r.GetInt32(1), r.GetInt64(2), r.GetInt64(3), r.GetBoolean(4));

    public static GroupMembership GroupMembership(DbDataReader r) => new(r.GetString(0), r.GetInt64(1));

    public static ReadPositionInfo ReadPosition(DbDataReader r) => new(r.GetString(0), r.GetInt64(1));
}
