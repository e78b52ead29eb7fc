using System.Data.Common;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Storage;

/// <summary>
/// The read half of a message store, the same for every backend: a backend supplies its
/// statements and how it runs one on a connection of its own (never the writer's).
/// </summary>
internal abstract class StoreReader(ReadStatements sql)
{
    /// <summary>Runs a read statement with <paramref name="values"/> as its parameters, in the order its comment in <see cref="ReadStatements"/> gives.</summary>
    protected abstract Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params object[] values);

    public async Task<MessageRecord?> GetMessageAsync(string conversationId, long seq, CancellationToken cancellationToken) =>
        (await QueryAsync(sql.Message, r => StoredRows.Message(r, 0), cancellationToken, conversationId, seq).ConfigureAwait(false)).SingleOrDefault();

    public Task<List<MessageRecord>> ReadMessagesAsync(string conversationId, long anchorSeq, HistoryDirection direction, int limit, CancellationToken cancellationToken)
    {
        var (statement, anchor) = direction switch
        {
            HistoryDirection.Backward => (sql.MessagesBackward, anchorSeq <= 0 ? long.MaxValue : anchorSeq),
            HistoryDirection.Forward => (sql.MessagesForward, anchorSeq),
            _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown history direction."),
        };
        return QueryAsync(statement, r => StoredRows.Message(r, 0), cancellationToken, conversationId, anchor, Limit(limit));
    }

    public Task<long> GetLastSeqAsync(string conversationId, CancellationToken cancellationToken) =>
        ScalarAsync(sql.LastSeq, cancellationToken, conversationId);

    public Task<List<SendKey>> ReadRecentSendKeysAsync(string conversationId, int limit, CancellationToken cancellationToken) =>
        QueryAsync(sql.RecentSendKeys, StoredRows.SendKey, cancellationToken, conversationId, Limit(limit));

    public async Task<int> CountUnreadAsync(string conversationId, string userId, long afterSeq, long upToSeq, CancellationToken cancellationToken) =>
        upToSeq <= afterSeq ? 0 : (int)await ScalarAsync(sql.CountUnread, cancellationToken, conversationId, afterSeq, upToSeq, userId).ConfigureAwait(false);

    public Task<List<SyncEventRecord>> ReadSyncEventsAsync(string userId, long after, int limit, CancellationToken cancellationToken) =>
        QueryAsync(sql.SyncEvents, StoredRows.SyncEvent, cancellationToken, userId, after, Limit(limit));

    public Task<long> GetLastSyncSeqAsync(string userId, CancellationToken cancellationToken) =>
        ScalarAsync(sql.LastSyncSeq, cancellationToken, userId);

    public Task<List<ReadPositionInfo>> ReadReadPositionsAsync(string conversationId, CancellationToken cancellationToken) =>
        QueryAsync(sql.ReadPositions, StoredRows.ReadPosition, cancellationToken, conversationId);

    public Task<long> GetDeliveredSeqAsync(string conversationId, CancellationToken cancellationToken) =>
        ScalarAsync(sql.DeliveredSeq, cancellationToken, conversationId);

    public Task<List<string>> ListUndeliveredConversationsAsync(string after, int limit, CancellationToken cancellationToken) =>
        QueryAsync(sql.UndeliveredConversations, r => r.GetString(0), cancellationToken, after, Limit(limit));

    public Task<List<GroupMemberRow>> ReadGroupMembersAsync(string conversationId, string afterUserId, int limit, CancellationToken cancellationToken) =>
        QueryAsync(sql.GroupMembers, StoredRows.GroupMember, cancellationToken, conversationId, afterUserId, Limit(limit));

    public Task<List<GroupMemberRow>> GetGroupMemberAsync(string conversationId, string userId, CancellationToken cancellationToken) =>
        QueryAsync(sql.GroupMember, StoredRows.GroupMember, cancellationToken, conversationId, userId);

    public Task<List<GroupMembership>> ListGroupsOfMemberAsync(string userId, int limit, CancellationToken cancellationToken) =>
        QueryAsync(sql.GroupsOfMember, StoredRows.GroupMembership, cancellationToken, userId, Limit(limit));

    /// <summary>A negative limit reads nothing (SQLite would read everything, PostgreSQL would refuse).</summary>
    private static int Limit(int limit) => Math.Max(limit, 0);

    private async Task<long> ScalarAsync(string statement, CancellationToken cancellationToken, params object[] values) =>
        (await QueryAsync(statement, r => r.GetInt64(0), cancellationToken, values).ConfigureAwait(false)).Single();
}
