using Npgsql;
using NpgsqlTypes;
using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Storage.Postgres;

/// <summary>
/// The statements of one group-commit transaction, collected in queue order and sent to the
/// server as one <see cref="NpgsqlBatch"/>: one round trip for the whole batch instead of one per
/// write. Every statement has a fixed text and typed positional parameters, so the writer
/// connection prepares each text once (automatic preparation, see
/// <see cref="PostgresStoreOptions"/>) and afterwards only binds values.
/// </summary>
internal sealed class PostgresWriteBatch : IStoreWrites
{
    private const string InsertMessageSql = """
        INSERT INTO message (conversation_id, seq, sender_id, client_message_id, sent_at_ms, body, edited_at_ms, recalled, counts_unread)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """;

    private const string UpdateMessageSql = """
        UPDATE message SET body = $1, edited_at_ms = $2, recalled = $3, recalled_by_seq = $4
        WHERE conversation_id = $5 AND seq = $6
        """;

    /// <summary>
    /// One statement for every conversation of the batch. Rows are locked in id order, the same
    /// order in every silo's writer, so two writers touching the same conversations wait for each
    /// other instead of deadlocking.
    /// </summary>
    private const string AdvanceLastSeqsSql = """
        INSERT INTO conversation_delivery (conversation_id, last_seq)
        SELECT t.conversation_id, t.last_seq FROM unnest($1::text[], $2::bigint[]) AS t (conversation_id, last_seq)
        ORDER BY t.conversation_id COLLATE "C"
        ON CONFLICT (conversation_id) DO UPDATE SET last_seq = excluded.last_seq
        WHERE excluded.last_seq > conversation_delivery.last_seq
        """;

    private const string MarkDeliveredSql = """
        INSERT INTO conversation_delivery (conversation_id, last_seq, delivered_seq) VALUES ($1, $2, $2)
        ON CONFLICT (conversation_id) DO UPDATE SET delivered_seq = excluded.delivered_seq
        WHERE excluded.delivered_seq > conversation_delivery.delivered_seq
        """;

    private const string InsertSyncEventSql = """
        INSERT INTO user_sync_event (user_id, sync_seq, kind, conversation_id, seq, actor_id, unread)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;

    /// <summary>A late or replayed read marker must not move a read position backwards.</summary>
    private const string SaveReadPositionSql = """
        INSERT INTO read_position (conversation_id, user_id, read_seq) VALUES ($1, $2, $3)
        ON CONFLICT (conversation_id, user_id) DO UPDATE SET read_seq = excluded.read_seq
        WHERE excluded.read_seq > read_position.read_seq
        """;

    private const string UpsertGroupMemberSql = """
        INSERT INTO group_member (conversation_id, user_id, role, joined_seq, joined_at_ms, muted) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (conversation_id, user_id) DO UPDATE SET
            role = excluded.role, joined_seq = excluded.joined_seq, joined_at_ms = excluded.joined_at_ms, muted = excluded.muted
        """;

    private const string DeleteGroupMemberSql = "DELETE FROM group_member WHERE conversation_id = $1 AND user_id = $2";

    private readonly NpgsqlBatch _batch;
    private readonly Dictionary<string, long> _lastSeqs = new(StringComparer.Ordinal);

    public PostgresWriteBatch(NpgsqlConnection connection) =>
        _batch = new NpgsqlBatch(connection);

    public void InsertMessage(MessageRecord message, string? bodyJson, bool countsAsUnread)
    {
        Add(InsertMessageSql, Text(message.ConversationId), Int64(message.Seq), Text(message.SenderId), Text(message.ClientMessageId),
            Int64(message.SentAtMs), NullableText(bodyJson), Int64(message.EditedAtMs), Bool(message.Recalled), Bool(countsAsUnread));
        _lastSeqs[message.ConversationId] = Math.Max(message.Seq, _lastSeqs.GetValueOrDefault(message.ConversationId));
    }

    public void UpdateMessage(string conversationId, long seq, string? bodyJson, long editedAtMs, bool recalled, long recalledBySeq) =>
        Add(UpdateMessageSql, NullableText(bodyJson), Int64(editedAtMs), Bool(recalled), Int64(recalledBySeq), Text(conversationId), Int64(seq));

    public void MarkDelivered(string conversationId, long seq) => Add(MarkDeliveredSql, Text(conversationId), Int64(seq));

    public void InsertSyncEvent(string userId, StoredSyncEvent e) => Add(InsertSyncEventSql,
        Text(userId), Int64(e.SyncSeq), Int32((int)e.Kind), Text(e.ConversationId), Int64(e.Seq), Text(e.ActorId), Int32(e.Unread));

    public void SaveReadPosition(string conversationId, string userId, long readSeq) =>
        Add(SaveReadPositionSql, Text(conversationId), Text(userId), Int64(readSeq));

    public void UpsertGroupMember(string conversationId, GroupMemberRow row) => Add(UpsertGroupMemberSql,
        Text(conversationId), Text(row.UserId), Int32((int)row.Role), Int64(row.JoinedSeq), Int64(row.JoinedAtMs), Bool(row.Muted));

    public void DeleteGroupMember(string conversationId, string userId) => Add(DeleteGroupMemberSql, Text(conversationId), Text(userId));

    /// <summary>
    /// Sends the batch, ending with one delivery-tracking update per conversation rather than one
    /// per message (a busy conversation has many messages in one batch). Without an explicit
    /// transaction the server runs the whole batch (everything up to its one Sync message) as one
    /// implicit transaction and commits it before answering, so the batch costs one round trip
    /// instead of two (statements, then COMMIT). A statement that fails rolls the whole batch back
    /// and surfaces here as a <see cref="PostgresException"/>.
    /// </summary>
    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (_lastSeqs.Count > 0)
        {
            Add(AdvanceLastSeqsSql,
                new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = [.. _lastSeqs.Keys] },
                new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = [.. _lastSeqs.Values] });
        }

        if (_batch.BatchCommands.Count > 0)
        {
            await _batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Add(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        _batch.BatchCommands.Add(command);
    }

    private static NpgsqlParameter<string> Text(string value) => new() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = value };

    private static NpgsqlParameter NullableText(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter<long> Int64(long value) => new() { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = value };

    private static NpgsqlParameter<int> Int32(int value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = value };

    private static NpgsqlParameter<bool> Bool(bool value) => new() { NpgsqlDbType = NpgsqlDbType.Boolean, TypedValue = value };
}
