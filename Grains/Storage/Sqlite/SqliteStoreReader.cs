using Microsoft.Data.Sqlite;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// Reads on pooled connections of their own. In WAL mode a reader sees the last committed
/// state and neither waits for the group-commit writer nor holds it up.
/// </summary>
internal sealed class SqliteStoreReader(string connectionString)
{
    public async Task<MessageRecord?> GetMessageAsync(string conversationId, long seq, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(SqliteReadSql.Message, r => ReadMessage(r, 0), cancellationToken,
            ("$conversation", conversationId), ("$seq", seq));
        return rows.SingleOrDefault();
    }

    public Task<List<MessageRecord>> ReadMessagesAsync(string conversationId, long anchorSeq, HistoryDirection direction, int limit, CancellationToken cancellationToken)
    {
        var (sql, anchor) = direction switch
        {
            HistoryDirection.Backward => (SqliteReadSql.MessagesBackward, anchorSeq <= 0 ? long.MaxValue : anchorSeq),
            HistoryDirection.Forward => (SqliteReadSql.MessagesForward, anchorSeq),
            _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown history direction."),
        };
        return QueryAsync(sql, r => ReadMessage(r, 0), cancellationToken,
            ("$conversation", conversationId), ("$anchor", anchor), ("$limit", Math.Max(limit, 0)));
    }

    public Task<long> GetLastSeqAsync(string conversationId, CancellationToken cancellationToken) =>
        ScalarAsync(SqliteReadSql.LastSeq, cancellationToken, ("$conversation", conversationId));

    public Task<List<SendKey>> ReadRecentSendKeysAsync(string conversationId, int limit, CancellationToken cancellationToken) =>
        QueryAsync(SqliteReadSql.RecentSendKeys, r => new SendKey(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3)), cancellationToken,
            ("$conversation", conversationId), ("$limit", Math.Max(limit, 0)));

    public async Task<int> CountUnreadAsync(string conversationId, string userId, long afterSeq, long upToSeq, CancellationToken cancellationToken) =>
        upToSeq <= afterSeq ? 0 : (int)await ScalarAsync(SqliteReadSql.CountUnread, cancellationToken,
            ("$conversation", conversationId), ("$user", userId), ("$after", afterSeq), ("$up_to", upToSeq));

    public Task<List<SyncEventRecord>> ReadSyncEventsAsync(string userId, long after, int limit, CancellationToken cancellationToken) =>
        QueryAsync(SqliteReadSql.SyncEvents, ReadSyncEvent, cancellationToken,
            ("$user", userId), ("$after", after), ("$limit", Math.Max(limit, 0)));

    public Task<long> GetDeliveredSeqAsync(string conversationId, CancellationToken cancellationToken) =>
        ScalarAsync(SqliteReadSql.DeliveredSeq, cancellationToken, ("$conversation", conversationId));

    public Task<List<string>> ListUndeliveredConversationsAsync(string after, int limit, CancellationToken cancellationToken) =>
        QueryAsync(SqliteReadSql.UndeliveredConversations, r => r.GetString(0), cancellationToken, ("$after", after), ("$limit", limit));

    public Task<long> GetLastSyncSeqAsync(string userId, CancellationToken cancellationToken) =>
        ScalarAsync(SqliteReadSql.LastSyncSeq, cancellationToken, ("$user", userId));

    public Task<List<ReadPositionInfo>> ReadReadPositionsAsync(string conversationId, CancellationToken cancellationToken) =>
        QueryAsync(SqliteReadSql.ReadPositions, r => new ReadPositionInfo(r.GetString(0), r.GetInt64(1)), cancellationToken,
            ("$conversation", conversationId));

    private static SyncEventRecord ReadSyncEvent(SqliteDataReader r) => new(
        SyncSeq: r.GetInt64(0),
        Kind: (SyncEventKind)r.GetInt32(1),
        ConversationId: r.GetString(2),
        Seq: r.GetInt64(3),
        ActorId: r.GetString(4),
        Unread: r.GetInt32(5),
        Message: r.IsDBNull(6) ? null : ReadMessage(r, 6));

    private static MessageRecord ReadMessage(SqliteDataReader r, int first) => new(
        ConversationId: r.GetString(first),
        Seq: r.GetInt64(first + 1),
        SenderId: r.GetString(first + 2),
        ClientMessageId: r.GetString(first + 3),
        SentAtMs: r.GetInt64(first + 4),
        Body: MessageBodyJson.Deserialize(r.IsDBNull(first + 5) ? null : r.GetString(first + 5)),
        EditedAtMs: r.GetInt64(first + 6),
        Recalled: r.GetBoolean(first + 7));

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        (await QueryAsync(sql, r => r.GetInt64(0), cancellationToken, parameters)).Single();

    private async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
