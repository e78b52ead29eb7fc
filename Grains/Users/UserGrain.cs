using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Serialization;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Gateway;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Options;
using OrleansIm.Grains.Storage;

namespace OrleansIm.Grains.Users;

/// <summary>
/// The single writer of a user's sync seq, conversation list, read positions and unread
/// counts. Changes are serialized by one async lock (sync seqs are assigned and applied under
/// it, and the store is asked to write before it is released, so store order is sync order);
/// durability is awaited outside the lock so deliveries from many conversations share group
/// commits. Devices get events only once they are durable, and in sync seq order.
/// </summary>
[Reentrant]
public sealed class UserGrain : Grain, IUserGrain
{
    private readonly IPersistentState<UserState> _state;
    private readonly DeepCopier<UserState> _copier;
    private readonly IMessageStore _store;
    private readonly MessagingOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<UserGrain> _logger;
    private readonly InProcessObservers? _inProcess;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly SemaphoreSlim _snapshotWrite = new(1, 1);
    private readonly DeviceRegistry _devices = new();
    private readonly SortedDictionary<long, SyncEventRecord[]> _awaitingPush = new();
    private long _assignedSyncSeq;
    private long _durableSyncSeq;
    private long _eventsSinceSnapshot;
    private bool _broken;

    // The live projection. The persistent state object only carries snapshots: a copy taken at
    // a quiescent moment. A write can wait for the storage (another grain's write ahead of it)
    // while deliveries go on, and deliveries change the projection before their sync events are
    // durable; serialized late, the live object could hold a message whose event never commits.
    private UserState _live = null!;

    public UserGrain(
        [PersistentState("user", "im")] IPersistentState<UserState> state,
        DeepCopier<UserState> copier,
        IMessageStore store,
        IOptions<MessagingOptions> options,
        TimeProvider clock,
        ILogger<UserGrain> logger,
        InProcessObservers? inProcess = null)
    {
        _state = state;
        _copier = copier;
        _store = store;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _inProcess = inProcess;
    }

    private string UserIdKey => this.GetPrimaryKeyString();

    private UserState S => _live;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _live = _state.State;
        var seq = S.SnapshotSyncSeq;
        while (true)
        {
            var page = await _store.ReadSyncEventsAsync(UserIdKey, seq, 500, cancellationToken);
            foreach (var e in page)
            {
                Project(e);
                seq = e.SyncSeq;
            }
            if (page.Count < 500)
            {
                break;
            }
        }
        _eventsSinceSnapshot = seq - S.SnapshotSyncSeq;
        _assignedSyncSeq = _durableSyncSeq = seq;
        var period = _options.DeviceRegistrationTtl / 3;
        this.RegisterGrainTimer(ExpireDevicesAsync, period, period);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_broken && _eventsSinceSnapshot > 0)
        {
            await TrySnapshotAsync();
        }
    }

    // ---- devices --------------------------------------------------------------------------

    public async Task<ConnectOutcome> Connect(string deviceId, string connectionId, IGatewayObserver gateway)
    {
        UserId.Require(deviceId, "device_id");
        var wasOnline = _devices.IsOnline;
        var replaced = _devices.Register(deviceId, connectionId, gateway, ReceiverOf(gateway), _clock.GetUtcNow());
        if (replaced is not null)
        {
            Tell(replaced.Receiver, g => g.Replaced(UserIdKey, deviceId, replaced.ConnectionId));
        }
        if (!wasOnline)
        {
            AnnouncePresence(online: true);
        }
        var outcome = new ConnectOutcome(_durableSyncSeq);
        await AnnounceToLargeGroupsAsync();
        return outcome;
    }

    public Task Disconnect(string deviceId, string connectionId)
    {
        if (!_devices.Unregister(deviceId, connectionId))
        {
            return Task.CompletedTask;
        }
        if (!_devices.IsOnline)
        {
            AnnouncePresence(online: false);
        }
        return AnnounceToLargeGroupsAsync();
    }

    public async Task<int> CloseStreams(string reason)
    {
        // GoAway's reason is a protobuf string, which may not be null.
        reason = string.IsNullOrWhiteSpace(reason) ? "the platform closed this stream" : reason;
        var closed = _devices.RemoveAll();
        foreach (var (deviceId, connection) in closed)
        {
            Tell(connection.Receiver, g => g.Closed(UserIdKey, deviceId, connection.ConnectionId, reason));
        }
        if (closed.Count > 0)
        {
            AnnouncePresence(online: false);
            await AnnounceToLargeGroupsAsync();
        }
        return closed.Count;
    }

    public async Task Refresh(string deviceId, string connectionId, IGatewayObserver gateway)
    {
        var wasOnline = _devices.IsOnline;
        var known = _devices.Contains(deviceId, connectionId);
        _devices.Register(deviceId, connectionId, gateway, ReceiverOf(gateway), _clock.GetUtcNow());
        if (!wasOnline)
        {
            AnnouncePresence(online: true);
        }
        await AnnounceToLargeGroupsAsync();
        if (!known && _durableSyncSeq > S.DeviceCursors.GetValueOrDefault(deviceId))
        {
            // This activation did not know the stream: the grain was reactivated (its silo died)
            // and pushes made meanwhile reached nobody. The newest event lets the device find
            // the gap by sync seq and pull it; one it already has is dropped as a duplicate.
            var latest = await _store.ReadSyncEventsAsync(UserIdKey, _durableSyncSeq - 1, 1);
            if (latest.Count > 0)
            {
                Tell(ReceiverOf(gateway), g => g.PushEvents(UserIdKey, [.. latest]));
            }
        }
    }

    public Task<PresenceSignal> GetPresence() =>
        Task.FromResult(new PresenceSignal(UserIdKey, _devices.IsOnline, NowMs()));

    public Task AckCursor(string deviceId, long cursor)
    {
        UserId.Require(deviceId, "device_id");
        if (cursor < 0 || cursor > _durableSyncSeq)
        {
            throw ImException.InvalidArgument($"cursor must be between 0 and the latest sync seq {_durableSyncSeq}; got {cursor}.");
        }
        if (cursor > S.DeviceCursors.GetValueOrDefault(deviceId))
        {
            S.DeviceCursors[deviceId] = cursor;
        }
        return Task.CompletedTask;
    }

    // ---- queries --------------------------------------------------------------------------

    public async Task<SyncPage> Sync(long after, int limit)
    {
        if (after < 0)
        {
            throw ImException.InvalidArgument($"after must not be negative; got {after}.");
        }
        var size = _options.ResolvePageSize(limit);
        var latest = _durableSyncSeq;
        var page = await _store.ReadSyncEventsAsync(UserIdKey, after, size + 1);
        var events = page.Take(size).ToArray();
        return new SyncPage(events, page.Count > size, latest);
    }

    public async Task<ConversationList> ListConversations()
    {
        var large = await new LargeGroupLister(_store, GrainFactory, UserIdKey).ListAsync(S);
        var largeIds = large.Select(e => e.ConversationId).ToHashSet(StringComparer.Ordinal);
        var entries = S.Conversations
            .Where(c => !c.Value.Left && !largeIds.Contains(c.Key))
            .Select(c => new ConversationListEntry(c.Key, c.Value.Kind, c.Value.Title, c.Value.LastSeq, c.Value.ReadSeq, c.Value.Unread, c.Value.LastMessage, c.Value.LastActivityMs))
            .Concat(large)
            .OrderByDescending(e => e.LastActivityMs)
            .ThenBy(e => e.ConversationId, StringComparer.Ordinal)
            .ToArray();
        return new ConversationList(entries, entries.Sum(e => e.Unread), _durableSyncSeq);
    }

    // ---- changes --------------------------------------------------------------------------

    public async Task<MarkReadOutcome> MarkRead(string conversationId, long seq)
    {
        ConversationId.Require(conversationId);
        if (seq < 0)
        {
            throw ImException.InvalidArgument($"seq must not be negative; got {seq}.");
        }
        if (ConversationId.KindOf(conversationId) == ConversationKind.Group
            && await _store.GetGroupMemberAsync(conversationId, UserIdKey) is { } membership)
        {
            return await MarkLargeReadAsync(conversationId, seq, membership);
        }
        Task? durable = null;
        SyncEventRecord[] events = [];
        MarkReadOutcome outcome;
        await _changes.WaitAsync();
        try
        {
            if (!S.Conversations.TryGetValue(conversationId, out var entry) || entry.Left)
            {
                // Not in the list: let the conversation say whether it is unknown or forbidden.
                await GrainFactory.GetGrain<IConversationGrain>(conversationId).GetInfo(UserIdKey);
                return new MarkReadOutcome(conversationId, 0, 0, TotalUnread());
            }
            var target = seq == 0 ? entry.LastSeq : Math.Min(seq, entry.LastSeq);
            if (target > entry.ReadSeq)
            {
                var unread = await _store.CountUnreadAsync(conversationId, UserIdKey, target, entry.LastSeq);
                ConversationProjection.ApplyRead(S, conversationId, target, unread);
                events = [new SyncEventRecord(++_assignedSyncSeq, SyncEventKind.Read, conversationId, target, UserIdKey, unread, null)];
                durable = WriteEvents(events);
            }
            outcome = new MarkReadOutcome(conversationId, entry.ReadSeq, entry.Unread, TotalUnread());
        }
        finally
        {
            _changes.Release();
        }
        if (durable is not null)
        {
            await AwaitDurableAndPushAsync(durable, events);
            await GrainFactory.GetGrain<IConversationGrain>(conversationId).RecordRead(UserIdKey, outcome.ReadSeq);
        }
        var largeUnread = (await new LargeGroupLister(_store, GrainFactory, UserIdKey).ListAsync(S)).Sum(e => e.Unread);
        return outcome with { TotalUnread = outcome.TotalUnread + largeUnread };
    }

    /// <summary>
    /// Read in a large group: the read seq is the user's (single writer, logged as a Read event
    /// like any other), the last seq and the count come from the store, bounded below by the join seq.
    /// </summary>
    private async Task<MarkReadOutcome> MarkLargeReadAsync(string conversationId, long seq, GroupMemberRow membership)
    {
        var lastSeq = await _store.GetLastSeqAsync(conversationId);
        Task? durable = null;
        SyncEventRecord[] events = [];
        long readSeq;
        await _changes.WaitAsync();
        try
        {
            readSeq = LargeGroupLister.ReadSeq(S, conversationId);
            var target = seq == 0 ? lastSeq : Math.Min(seq, lastSeq);
            if (target > readSeq)
            {
                var unread = await _store.CountUnreadAsync(conversationId, UserIdKey, Math.Max(target, membership.JoinedSeq), lastSeq);
                ConversationProjection.ApplyRead(S, conversationId, target, unread);
                events = [new SyncEventRecord(++_assignedSyncSeq, SyncEventKind.Read, conversationId, target, UserIdKey, unread, null)];
                durable = WriteEvents(events);
                readSeq = target;
            }
        }
        finally
        {
            _changes.Release();
        }
        if (durable is not null)
        {
            await AwaitDurableAndPushAsync(durable, events);
            await GrainFactory.GetGrain<IConversationGrain>(conversationId).RecordRead(UserIdKey, readSeq);
        }
        var list = await ListConversations();
        var entry = list.Conversations.FirstOrDefault(c => c.ConversationId == conversationId);
        return new MarkReadOutcome(conversationId, readSeq, entry?.Unread ?? 0, list.TotalUnread);
    }

    public async Task DeliverMention(string conversationId, long seq, string senderId)
    {
        Task durable;
        SyncEventRecord[] events;
        await _changes.WaitAsync();
        try
        {
            if (S.LargeGroups.TryGetValue(conversationId, out var mark) && (mark.MentionSeq >= seq || mark.ReadSeq >= seq))
            {
                return;
            }
            events = [new SyncEventRecord(++_assignedSyncSeq, SyncEventKind.Mention, conversationId, seq, senderId, 0, null)];
            ConversationProjection.ApplyMention(S, conversationId, seq);
            durable = WriteEvents(events);
        }
        finally
        {
            _changes.Release();
        }
        await AwaitDurableAndPushAsync(durable, events);
    }

    /// <summary>
    /// Tells each large group the user belongs to where the user's streams are (none: offline),
    /// so its merged hints reach them. Awaited, so a device that has connected gets the next hint.
    /// </summary>
    private async Task AnnounceToLargeGroupsAsync()
    {
        try
        {
            var memberships = await _store.ListGroupsOfMemberAsync(UserIdKey, LargeGroupLister.MaxGroups);
            if (memberships.Count == 0)
            {
                return;
            }
            var gateways = _devices.Gateways.ToArray();
            await Task.WhenAll(memberships.Select(m => GrainFactory.GetGrain<IConversationGrain>(m.ConversationId).SetOnline(UserIdKey, gateways)));
        }
        catch (Exception ex)
        {
            // Hints are an optimisation: the device still pulls on its next sync or listing.
            _logger.LogWarning(ex, "Telling the large groups of {User} where it is online failed", UserIdKey);
        }
    }

    public async Task DeliverMessages(ConversationHeader conversation, MessageRecord[] messages)
    {
        Task? durable = null;
        SyncEventRecord[] events;
        await _changes.WaitAsync();
        try
        {
            var applied = new List<SyncEventRecord>();
            foreach (var message in messages)
            {
                await FillGapBeforeAsync(message, conversation.Name, applied);
                AddIfApplied(message, conversation.Name, applied);
            }
            events = [.. applied];
            if (events.Length > 0)
            {
                durable = WriteEvents(events);
            }
        }
        finally
        {
            _changes.Release();
        }
        if (durable is not null)
        {
            await AwaitDurableAndPushAsync(durable, events);
        }
    }

    public async Task DeliverReceipt(string conversationId, string readerId, long readSeq)
    {
        Task durable;
        SyncEventRecord[] events;
        await _changes.WaitAsync();
        try
        {
            if (!S.Conversations.TryGetValue(conversationId, out var entry) || entry.Left)
            {
                return;
            }
            events = [new SyncEventRecord(++_assignedSyncSeq, SyncEventKind.Receipt, conversationId, readSeq, readerId, 0, null)];
            durable = WriteEvents(events);
        }
        finally
        {
            _changes.Release();
        }
        await AwaitDurableAndPushAsync(durable, events);
    }

    public Task DeliverTyping(TypingSignal signal)
    {
        TellGateways(g => g.PushTyping(UserIdKey, signal));
        return Task.CompletedTask;
    }

    public Task DeliverPresence(PresenceSignal signal)
    {
        TellGateways(g => g.PushPresence(UserIdKey, signal));
        return Task.CompletedTask;
    }

    // ---- internals ------------------------------------------------------------------------

    /// <summary>
    /// A delivery that skips seqs (an earlier delivery was given up on) is healed from the
    /// store, so the user's log still holds every message of the conversation in order.
    /// </summary>
    private async Task FillGapBeforeAsync(MessageRecord message, string headerName, List<SyncEventRecord> applied)
    {
        if (!S.Conversations.TryGetValue(message.ConversationId, out var entry) || entry.Left)
        {
            return;
        }
        while (message.Seq > entry.LastSeq + 1)
        {
            var missing = await _store.ReadMessagesAsync(message.ConversationId, entry.LastSeq, HistoryDirection.Forward, (int)Math.Min(256, message.Seq - entry.LastSeq - 1));
            if (missing.Count == 0)
            {
                return;
            }
            foreach (var m in missing)
            {
                if (m.Seq < message.Seq)
                {
                    AddIfApplied(m, headerName, applied);
                }
            }
            if (missing[^1].Seq >= message.Seq - 1)
            {
                return;
            }
        }
    }

    private void AddIfApplied(MessageRecord message, string headerName, List<SyncEventRecord> applied)
    {
        if (ConversationProjection.ApplyMessage(S, UserIdKey, message, headerName))
        {
            applied.Add(new SyncEventRecord(++_assignedSyncSeq, SyncEventKind.Message, message.ConversationId, message.Seq, message.SenderId, 0, message));
        }
    }

    /// <summary>Queues the write while the caller still holds the lock, so the store writes in sync seq order.</summary>
    private Task WriteEvents(SyncEventRecord[] events)
    {
        if (_broken)
        {
            throw new ImException(ImErrorCode.Unavailable, $"User '{UserIdKey}' is recovering from a storage failure; retry.");
        }
        var rows = events.Select(e => new StoredSyncEvent(e.SyncSeq, e.Kind, e.ConversationId, e.Seq, e.ActorId, e.Unread)).ToArray();
        return _store.AppendSyncEventsAsync(UserIdKey, rows);
    }

    private async Task AwaitDurableAndPushAsync(Task durable, SyncEventRecord[] events)
    {
        try
        {
            await durable;
        }
        catch (Exception ex)
        {
            // In-memory state is now ahead of the log: rebuild from the log on the next activation.
            _broken = true;
            _logger.LogError(ex, "Writing sync events {From}..{To} of {User} failed; deactivating", events[0].SyncSeq, events[^1].SyncSeq, UserIdKey);
            DeactivateOnIdle();
            throw new ImException(ImErrorCode.Unavailable, "The message store is unavailable; retry.");
        }
        _awaitingPush[events[0].SyncSeq] = events;
        while (_awaitingPush.Remove(_durableSyncSeq + 1, out var ready))
        {
            _durableSyncSeq = ready[^1].SyncSeq;
            TellGateways(g => g.PushEvents(UserIdKey, ready));
        }
        _eventsSinceSnapshot += events.Length;
        if (_eventsSinceSnapshot >= _options.UserSnapshotEvery)
        {
            // Not awaited: the snapshot only shortens the next activation's replay, so delivery
            // must not wait for it (a grain-state write can queue behind the store's writer).
            _ = TrySnapshotAsync();
        }
    }

    /// <summary>Snapshots only a quiescent state (every assigned event durable), so the snapshot never runs ahead of the log.</summary>
    private async Task TrySnapshotAsync()
    {
        if (!_snapshotWrite.Wait(0))
        {
            return;
        }
        try
        {
            if (_durableSyncSeq != _assignedSyncSeq || _changes.CurrentCount == 0)
            {
                return;
            }
            var at = _durableSyncSeq;
            S.SnapshotSyncSeq = at;
            _state.State = _copier.Copy(S);
            await _state.WriteStateAsync();
            _eventsSinceSnapshot = _durableSyncSeq - at;
        }
        catch (Exception ex)
        {
            // The log still has everything; the next snapshot or activation catches up.
            _logger.LogWarning(ex, "Snapshot of user {User} failed", UserIdKey);
        }
        finally
        {
            _snapshotWrite.Release();
        }
    }

    private IGatewayObserver ReceiverOf(IGatewayObserver gateway) => _inProcess?.Resolve(gateway) ?? gateway;

    private void TellGateways(Func<IGatewayObserver, Task> call)
    {
        foreach (var receiver in _devices.Receivers)
        {
            Tell(receiver, call);
        }
    }

    /// <summary>
    /// One push to one gateway, not awaited (the calls are one-way). A co-hosted gateway's object
    /// runs inside this turn, so its failure is caught here: like a lost one-way message, it must
    /// not fail a delivery whose events are already durable; the device finds the gap and pulls.
    /// </summary>
    private void Tell(IGatewayObserver receiver, Func<IGatewayObserver, Task> call)
    {
        try
        {
            _ = call(receiver);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "A push to a gateway holding a stream of {User} failed", UserIdKey);
        }
    }

    private void Project(SyncEventRecord e)
    {
        switch (e.Kind)
        {
            case SyncEventKind.Message when e.Message is not null:
                ConversationProjection.ApplyMessage(S, UserIdKey, e.Message, headerName: null);
                break;
            case SyncEventKind.Read:
                ConversationProjection.ApplyRead(S, e.ConversationId, e.Seq, e.Unread);
                break;
            case SyncEventKind.Mention:
                ConversationProjection.ApplyMention(S, e.ConversationId, e.Seq);
                break;
        }
    }

    private void AnnouncePresence(bool online)
    {
        var signal = new PresenceSignal(UserIdKey, online, NowMs());
        foreach (var entry in S.Conversations.Values)
        {
            if (entry.Kind == ConversationKind.Direct && !entry.Left)
            {
                _ = GrainFactory.GetGrain<IUserGrain>(entry.Title).DeliverPresence(signal);
            }
        }
    }

    private Task ExpireDevicesAsync(CancellationToken cancellationToken)
    {
        var wasOnline = _devices.IsOnline;
        var expired = _devices.Expire(_clock.GetUtcNow() - _options.DeviceRegistrationTtl);
        if (expired > 0)
        {
            _logger.LogInformation("Dropped {Count} device registrations of {User} that their gateway stopped refreshing", expired, UserIdKey);
        }
        if (wasOnline && !_devices.IsOnline)
        {
            AnnouncePresence(online: false);
        }
        return expired > 0 ? AnnounceToLargeGroupsAsync() : Task.CompletedTask;
    }

    private int TotalUnread() => S.Conversations.Values.Where(c => !c.Left).Sum(c => c.Unread);

    private long NowMs() => _clock.GetUtcNow().ToUnixTimeMilliseconds();
}
