using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Storage.Resilience;

namespace OrleansIm.Grains.Storage;

/// <summary>
/// What every backend of the message store shares: each write becomes one entry of its
/// group-commit writer's queue (<see cref="WriteQueue"/>), each read goes to the backend's
/// <see cref="StoreReader"/>. A backend supplies the writer, the reader and how to close them.
/// </summary>
/// <remarks>
/// A cancellation token is honoured only until the write is queued: once queued, a write's task
/// reports what really happened to it, because a cancelled-but-committed write would lie.
/// </remarks>
public abstract class GroupCommitMessageStore : IMessageStore, IAsyncDisposable, IDisposable
{
    private int _disposed;

    /// <param name="backend">The backend's name in metrics and spans ("sqlite", "postgres").</param>
    private protected GroupCommitMessageStore(int maxBatchSize, StoreCircuitBreakerOptions breaker, TimeProvider? clock = null, string backend = "unknown")
    {
        Breaker = new StoreCircuitBreaker(breaker, clock ?? TimeProvider.System);
        Writes = new WriteQueue(maxBatchSize, Statistics, Breaker, new Telemetry.StoreCommitTelemetry(backend));
    }

    /// <summary>Whether writes are being refused because the store keeps failing (health checks report it).</summary>
    public bool IsFailing => Breaker.IsOpen;

    private StoreCircuitBreaker Breaker { get; }

    /// <summary>Transactions and writes committed and failed; a caller that awaited a write already sees it counted.</summary>
    public StoreStatistics Statistics { get; } = new();

    /// <summary>The queue the backend's writer drains.</summary>
    private protected WriteQueue Writes { get; }

    private protected abstract StoreReader Reader { get; }

    /// <summary>Starts the writer; a store opened paused (tests) queues writes until then.</summary>
    internal abstract void StartWriter();

    public Task AppendMessageAsync(MessageRecord message, MessageUpdate? targetUpdate = null, CancellationToken cancellationToken = default)
    {
        // Serialised here, on the caller's thread: a body that cannot be written fails only its own caller.
        var bodyJson = MessageBodyJson.Serialize(message.Body);
        var countsAsUnread = message.Body?.CountsAsUnread ?? false;
        var updatedBodyJson = targetUpdate is { Recalled: false } ? MessageBodyJson.Serialize(targetUpdate.NewBody) : null;
        return EnqueueAsync(writes =>
        {
            writes.InsertMessage(message, bodyJson, countsAsUnread);
            if (targetUpdate is not null)
            {
                writes.UpdateMessage(message.ConversationId, targetUpdate.TargetSeq, updatedBodyJson, targetUpdate.EditedAtMs, targetUpdate.Recalled,
                    targetUpdate.Recalled ? message.Seq : 0);
            }
        }, cancellationToken, rows: targetUpdate is null ? 1 : 2);
    }

    public Task AppendMessageWithMembersAsync(MessageRecord message, GroupMemberChanges members, CancellationToken cancellationToken = default)
    {
        var bodyJson = MessageBodyJson.Serialize(message.Body);
        var countsAsUnread = message.Body?.CountsAsUnread ?? false;
        return EnqueueAsync(writes =>
        {
            writes.InsertMessage(message, bodyJson, countsAsUnread);
            ApplyMembers(writes, message.ConversationId, members);
        }, cancellationToken, rows: 1 + members.RowCount);
    }

    public Task SaveGroupMembersAsync(string conversationId, GroupMemberChanges members, CancellationToken cancellationToken = default) =>
        members.RowCount == 0
            ? Task.CompletedTask
            : EnqueueAsync(writes => ApplyMembers(writes, conversationId, members), cancellationToken, rows: members.RowCount);

    public async Task<IReadOnlyList<GroupMemberRow>> ReadGroupMembersAsync(string conversationId, string afterUserId, int limit, CancellationToken cancellationToken = default) =>
        await Reader.ReadGroupMembersAsync(conversationId, afterUserId, limit, cancellationToken).ConfigureAwait(false);

    public async Task<GroupMemberRow?> GetGroupMemberAsync(string conversationId, string userId, CancellationToken cancellationToken = default) =>
        (await Reader.GetGroupMemberAsync(conversationId, userId, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public async Task<IReadOnlyList<GroupMembership>> ListGroupsOfMemberAsync(string userId, int limit, CancellationToken cancellationToken = default) =>
        await Reader.ListGroupsOfMemberAsync(userId, limit, cancellationToken).ConfigureAwait(false);

    private static void ApplyMembers(IStoreWrites writes, string conversationId, GroupMemberChanges members)
    {
        foreach (var row in members.Upserts)
        {
            writes.UpsertGroupMember(conversationId, row);
        }
        foreach (var userId in members.Removals)
        {
            writes.DeleteGroupMember(conversationId, userId);
        }
    }

    public Task AppendSyncEventsAsync(string userId, IReadOnlyList<StoredSyncEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        var copy = events.ToArray();
        return EnqueueAsync(writes =>
        {
            foreach (var e in copy)
            {
                writes.InsertSyncEvent(userId, e);
            }
        }, cancellationToken, rows: copy.Length);
    }

    public Task SaveReadPositionAsync(string conversationId, string userId, long readSeq, CancellationToken cancellationToken = default) =>
        EnqueueAsync(writes => writes.SaveReadPosition(conversationId, userId, readSeq), cancellationToken);

    public Task MarkDeliveredAsync(string conversationId, long deliveredSeq, CancellationToken cancellationToken = default) =>
        EnqueueAsync(writes => writes.MarkDelivered(conversationId, deliveredSeq), cancellationToken);

    public Task<long> GetDeliveredSeqAsync(string conversationId, CancellationToken cancellationToken = default) =>
        Reader.GetDeliveredSeqAsync(conversationId, cancellationToken);

    public async Task<IReadOnlyList<string>> ListUndeliveredConversationsAsync(string afterConversationId, int limit, CancellationToken cancellationToken = default) =>
        await Reader.ListUndeliveredConversationsAsync(afterConversationId, limit, cancellationToken).ConfigureAwait(false);

    public Task<long> GetLastSeqAsync(string conversationId, CancellationToken cancellationToken = default) =>
        Reader.GetLastSeqAsync(conversationId, cancellationToken);

    public Task<MessageRecord?> GetMessageAsync(string conversationId, long seq, CancellationToken cancellationToken = default) =>
        Reader.GetMessageAsync(conversationId, seq, cancellationToken);

    public async Task<IReadOnlyList<MessageRecord>> ReadMessagesAsync(string conversationId, long anchorSeq, HistoryDirection direction, int limit, CancellationToken cancellationToken = default) =>
        await Reader.ReadMessagesAsync(conversationId, anchorSeq, direction, limit, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<SendKey>> ReadRecentSendKeysAsync(string conversationId, int limit, CancellationToken cancellationToken = default) =>
        await Reader.ReadRecentSendKeysAsync(conversationId, limit, cancellationToken).ConfigureAwait(false);

    public Task<int> CountUnreadAsync(string conversationId, string userId, long afterSeq, long upToSeq, CancellationToken cancellationToken = default) =>
        Reader.CountUnreadAsync(conversationId, userId, afterSeq, upToSeq, cancellationToken);

    public async Task<IReadOnlyList<SyncEventRecord>> ReadSyncEventsAsync(string userId, long after, int limit, CancellationToken cancellationToken = default) =>
        await Reader.ReadSyncEventsAsync(userId, after, limit, cancellationToken).ConfigureAwait(false);

    public Task<long> GetLastSyncSeqAsync(string userId, CancellationToken cancellationToken = default) =>
        Reader.GetLastSyncSeqAsync(userId, cancellationToken);

    public async Task<IReadOnlyList<ReadPositionInfo>> ReadReadPositionsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await Reader.ReadReadPositionsAsync(conversationId, cancellationToken).ConfigureAwait(false);

    /// <summary>Commits or fails every write already queued, refuses new ones, and closes all connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Writes.Close();
        await CloseAsync().ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Lets the writer drain the closed queue, then closes the backend's connections.</summary>
    private protected abstract ValueTask CloseAsync();

    /// <param name="rows">The rows the write inserts, updates or deletes, counted in <see cref="Statistics"/>.</param>
    private Task EnqueueAsync(Action<IStoreWrites> apply, CancellationToken cancellationToken, int rows = 1) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Writes.EnqueueAsync(apply, rows);
}
