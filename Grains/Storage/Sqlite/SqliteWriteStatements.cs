using Microsoft.Data.Sqlite;
using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// The writer connection's hot statements, prepared once and re-bound for every write, so a
/// batch of hundreds of writes parses no SQL and allocates nothing per row.
/// </summary>
internal sealed class SqliteWriteStatements : IStoreWrites, IDisposable
{
    private readonly RawStatement _insertMessage;
    private readonly RawStatement _updateMessage;
    private readonly RawStatement _insertSyncEvent;
    private readonly RawStatement _saveReadPosition;
    private readonly RawStatement _advanceLastSeq;
    private readonly RawStatement _markDelivered;
    private readonly RawStatement _upsertGroupMember;
    private readonly RawStatement _deleteGroupMember;
    private readonly Dictionary<string, long> _lastSeqs = new(StringComparer.Ordinal);

    public SqliteWriteStatements(SqliteConnection connection)
    {
        _insertMessage = Prepare(connection, """
            INSERT INTO message (conversation_id, seq, sender_id, client_message_id, sent_at_ms, body, edited_at_ms, recalled, counts_unread)
            VALUES ($conversation, $seq, $sender, $client_message_id, $sent_at_ms, $body, $edited_at_ms, $recalled, $counts_unread)
            """);
        _updateMessage = Prepare(connection, """
            UPDATE message SET body = $body, edited_at_ms = $edited_at_ms, recalled = $recalled, recalled_by_seq = $recalled_by_seq
            WHERE conversation_id = $conversation AND seq = $seq
            """);
        _advanceLastSeq = Prepare(connection, """
            INSERT INTO conversation_delivery (conversation_id, last_seq) VALUES ($conversation, $seq)
            ON CONFLICT (conversation_id) DO UPDATE SET last_seq = excluded.last_seq
            WHERE excluded.last_seq > conversation_delivery.last_seq
            """);
        _markDelivered = Prepare(connection, """
            INSERT INTO conversation_delivery (conversation_id, last_seq, delivered_seq) VALUES ($conversation, $seq, $seq)
            ON CONFLICT (conversation_id) DO UPDATE SET delivered_seq = excluded.delivered_seq
            WHERE excluded.delivered_seq > conversation_delivery.delivered_seq
            """);
        _insertSyncEvent = Prepare(connection, """
            INSERT INTO user_sync_event (user_id, sync_seq, kind, conversation_id, seq, actor_id, unread)
            VALUES ($user, $sync_seq, $kind, $conversation, $seq, $actor, $unread)
            """);
        // A late or replayed read marker must not move a read position backwards.
        _saveReadPosition = Prepare(connection, """
            INSERT INTO read_position (conversation_id, user_id, read_seq) VALUES ($conversation, $user, $read_seq)
            ON CONFLICT (conversation_id, user_id) DO UPDATE SET read_seq = excluded.read_seq
            WHERE excluded.read_seq > read_position.read_seq
            """);
        _upsertGroupMember = Prepare(connection, """
            INSERT INTO group_member (conversation_id, user_id, role, joined_seq, joined_at_ms, muted)
            VALUES ($conversation, $user, $role, $joined_seq, $joined_at_ms, $muted)
            ON CONFLICT (conversation_id, user_id) DO UPDATE SET
                role = excluded.role, joined_seq = excluded.joined_seq, joined_at_ms = excluded.joined_at_ms, muted = excluded.muted
            """);
        _deleteGroupMember = Prepare(connection, "DELETE FROM group_member WHERE conversation_id = $conversation AND user_id = $user");
    }

    private IEnumerable<RawStatement> All => [_insertMessage, _updateMessage, _insertSyncEvent, _saveReadPosition, _advanceLastSeq, _markDelivered, _upsertGroupMember, _deleteGroupMember];

    /// <summary>Starts a batch (the caller has begun its transaction on the same connection).</summary>
    public void BeginBatch() => _lastSeqs.Clear();

    public void InsertMessage(MessageRecord message, string? bodyJson, bool countsAsUnread)
    {
        _insertMessage.Text(message.ConversationId).Integer(message.Seq).Text(message.SenderId).Text(message.ClientMessageId)
            .Integer(message.SentAtMs).Text(bodyJson).Integer(message.EditedAtMs).Flag(message.Recalled).Flag(countsAsUnread).Run();
        _lastSeqs[message.ConversationId] = Math.Max(message.Seq, _lastSeqs.GetValueOrDefault(message.ConversationId));
    }

    /// <summary>
    /// Ends a batch, inside its transaction: one delivery-tracking row update per conversation
    /// rather than one per message (a busy conversation has many messages in one batch).
    /// </summary>
    public void CompleteBatch()
    {
        foreach (var (conversationId, lastSeq) in _lastSeqs)
        {
            _advanceLastSeq.Text(conversationId).Integer(lastSeq).Run();
        }
        _lastSeqs.Clear();
    }

    /// <summary><paramref name="recalledBySeq"/> is the seq of the recall notice, 0 for an edit.</summary>
    public void UpdateMessage(string conversationId, long seq, string? bodyJson, long editedAtMs, bool recalled, long recalledBySeq) =>
        _updateMessage.Text(bodyJson).Integer(editedAtMs).Flag(recalled).Integer(recalledBySeq).Text(conversationId).Integer(seq).Run();

    public void MarkDelivered(string conversationId, long seq) => _markDelivered.Text(conversationId).Integer(seq).Run();

    public void InsertSyncEvent(string userId, StoredSyncEvent e) =>
        _insertSyncEvent.Text(userId).Integer(e.SyncSeq).Integer((int)e.Kind).Text(e.ConversationId).Integer(e.Seq).Text(e.ActorId).Integer(e.Unread).Run();

    public void SaveReadPosition(string conversationId, string userId, long readSeq) =>
        _saveReadPosition.Text(conversationId).Text(userId).Integer(readSeq).Run();

    public void UpsertGroupMember(string conversationId, GroupMemberRow row) =>
        _upsertGroupMember.Text(conversationId).Text(row.UserId).Integer((int)row.Role).Integer(row.JoinedSeq).Integer(row.JoinedAtMs).Flag(row.Muted).Run();

    public void DeleteGroupMember(string conversationId, string userId) => _deleteGroupMember.Text(conversationId).Text(userId).Run();

    public void Dispose()
    {
        foreach (var command in All)
        {
            command.Dispose();
        }
    }

    private static RawStatement Prepare(SqliteConnection connection, string sql) => new(connection, sql);
}
