using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Options;
using OrleansIm.Grains.Storage;

namespace OrleansIm.Grains.Conversations;

/// <summary>
/// The single writer of a conversation's seq. Reentrant so that concurrent sends share one
/// group commit: every seq is assigned synchronously (no await between reading and bumping
/// the counter) and the store completes writes in the order they were queued.
/// </summary>
[Reentrant]
public sealed class ConversationGrain : Grain, IConversationGrain
{
    private readonly IPersistentState<ConversationState> _state;
    private readonly IMessageStore _store;
    private readonly MessagingOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ConversationGrain> _logger;
    private readonly SemaphoreSlim _stateWrite = new(1, 1);
    private long _deliveredSeq;

    // The recipients of the next message. Shared by every message until membership changes
    // (never mutated, only replaced), so a send does not copy the member list.
    private string[]? _memberIds;
    private readonly HashSet<long> _recalled = [];

    // GetGrain resolves the interface by reflection and builds a proxy each time; members are
    // few and fixed, so their references are made once per activation.
    private readonly Dictionary<string, IUserGrain> _userReferences = new(StringComparer.Ordinal);
    private SendDedupWindow _dedup = null!;
    private ConversationFanOut _fanOut = null!;
    private Dictionary<string, long>? _readPositions;
    private long _lastSeq;
    private bool _broken;

    public ConversationGrain(
        [PersistentState("conversation", "im")] IPersistentState<ConversationState> state,
        IMessageStore store,
        IOptions<MessagingOptions> options,
        TimeProvider clock,
        ILogger<ConversationGrain> logger)
    {
        _state = state;
        _store = store;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    private string Id => this.GetPrimaryKeyString();

    private ConversationState S => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _dedup = new SendDedupWindow(_options.DedupWindow);
        _fanOut = new ConversationFanOut(UserReference, Header, OnDelivered, DeactivateOnIdle, _logger);
        if (!S.Exists)
        {
            return;
        }
        _lastSeq = await _store.GetLastSeqAsync(Id, cancellationToken);
        foreach (var key in await _store.ReadRecentSendKeysAsync(Id, _options.DedupWindow, cancellationToken))
        {
            _dedup.AddDurable(key.SenderId, key.ClientMessageId, key.Seq, key.SentAtMs);
        }
        _deliveredSeq = await _store.GetDeliveredSeqAsync(Id, cancellationToken);
        await ResumeUndeliveredAsync(cancellationToken);
    }

    public Task Wake() => Task.CompletedTask;

    // ---- creation and queries -------------------------------------------------------------

    public async Task<ConversationInfo> OpenDirect(string requesterId)
    {
        EnsureDirectCreated(requesterId);
        if (!_state.RecordExists)
        {
            await WriteStateAsync();
        }
        return Info();
    }

    public async Task<ConversationInfo> CreateGroup(string ownerId, string name, string[] memberIds)
    {
        UserId.Require(ownerId, "owner_id");
        if (!Id.StartsWith(ConversationId.GroupPrefix, StringComparison.Ordinal) || !ConversationId.IsValid(Id))
        {
            throw ImException.InvalidArgument($"'{Id}' is not a group conversation id.");
        }
        if (S.Exists)
        {
            throw ImException.FailedPrecondition($"Conversation '{Id}' already exists.");
        }
        var cleanName = RequireName(name);
        var members = RequireNewMembers(memberIds, ownerId, S.Members.Count);
        var now = NowMs();
        S.Exists = true;
        S.Kind = ConversationKind.Group;
        S.Name = cleanName;
        S.CreatedAtMs = now;
        S.Members[ownerId] = new MemberState { Role = MemberRole.Owner, JoinedAtMs = now, JoinedSeq = 1 };
        foreach (var id in members)
        {
            S.Members[id] = new MemberState { Role = MemberRole.Member, JoinedAtMs = now, JoinedSeq = 1 };
        }
        _memberIds = null;
        await AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.Created, ownerId, members, cleanName, MemberRole.Member), ownerId, extraRecipients: []);
        return Info();
    }

    public Task<ConversationInfo> GetInfo(string requesterId)
    {
        MembershipRules.RequireMember(S, Id, requesterId);
        return Task.FromResult(Info());
    }

    public async Task<HistoryPage> GetHistory(string requesterId, long anchorSeq, HistoryDirection direction, int limit)
    {
        var member = MembershipRules.RequireMember(S, Id, requesterId);
        if (anchorSeq < 0)
        {
            throw ImException.InvalidArgument($"anchor_seq must not be negative; got {anchorSeq}.");
        }
        if (direction is not (HistoryDirection.Backward or HistoryDirection.Forward))
        {
            throw ImException.InvalidArgument("direction must be BACKWARD or FORWARD.");
        }
        var size = _options.ResolvePageSize(limit);
        var firstVisible = member.JoinedSeq;
        if (direction == HistoryDirection.Forward)
        {
            var from = Math.Max(anchorSeq, firstVisible - 1);
            var page = await _store.ReadMessagesAsync(Id, from, direction, size + 1);
            var messages = page.Take(size).ToArray();
            return new HistoryPage(messages, page.Count > size, _lastSeq);
        }
        else
        {
            var page = await _store.ReadMessagesAsync(Id, anchorSeq, direction, size + 1);
            var visible = page.Where(m => m.Seq >= firstVisible).ToList();
            var messages = visible.Take(size).ToArray();
            return new HistoryPage(messages, visible.Count > size, _lastSeq);
        }
    }

    public async Task<ReadPositionInfo[]> GetReadPositions(string requesterId)
    {
        MembershipRules.RequireMember(S, Id, requesterId);
        var positions = await LoadReadPositionsAsync();
        return S.Members.Keys
            .Order(StringComparer.Ordinal)
            .Select(u => new ReadPositionInfo(u, positions.GetValueOrDefault(u)))
            .ToArray();
    }

    // ---- messages -------------------------------------------------------------------------

    public async Task<SendOutcome> Send(SendCommand command)
    {
        UserId.Require(command.SenderId, "sender_id");
        UserId.Require(command.ClientMessageId, "client_message_id");
        if (!S.Exists && ConversationId.KindOf(Id) == ConversationKind.Direct)
        {
            EnsureDirectCreated(command.SenderId);
            await WriteStateAsync();
        }
        MembershipRules.RequireMember(S, Id, command.SenderId);
        if (_dedup.TryGetDuplicate(Id, command.SenderId, command.ClientMessageId, out var duplicate))
        {
            return await duplicate;
        }
        BodyValidator.Require(command.Body, _options);
        return await AppendAsync(command.SenderId, command.ClientMessageId, command.Body, update: null, extraRecipients: []);
    }

    public async Task<SendOutcome> Edit(string senderId, long targetSeq, string clientMessageId, MessageBody newBody)
    {
        UserId.Require(clientMessageId, "client_message_id");
        MembershipRules.RequireMember(S, Id, senderId);
        if (_dedup.TryGetDuplicate(Id, senderId, clientMessageId, out var duplicate))
        {
            return await duplicate;
        }
        BodyValidator.Require(newBody, _options, "new_body");
        var target = await RequireOwnMessageAsync(senderId, targetSeq, "edit", _options.EditWindow);
        var now = NowMs();
        var update = new MessageUpdate(target.Seq, newBody, now, Recalled: false);
        // One timestamp for the notice and the edited message, so both say when the edit happened.
        return await AppendAsync(senderId, clientMessageId, new EditBody(target.Seq, newBody), update, extraRecipients: [], sentAtMs: now);
    }

    public async Task<SendOutcome> Recall(string senderId, long targetSeq, string clientMessageId)
    {
        UserId.Require(clientMessageId, "client_message_id");
        MembershipRules.RequireMember(S, Id, senderId);
        if (_dedup.TryGetDuplicate(Id, senderId, clientMessageId, out var duplicate))
        {
            return await duplicate;
        }
        var target = await RequireOwnMessageAsync(senderId, targetSeq, "recall", _options.RecallWindow);
        _recalled.Add(target.Seq);
        var update = new MessageUpdate(target.Seq, NewBody: null, target.EditedAtMs, Recalled: true);
        return await AppendAsync(senderId, clientMessageId, new RecallBody(target.Seq), update, extraRecipients: []);
    }

    public async Task RecordRead(string userId, long readSeq)
    {
        MembershipRules.RequireMember(S, Id, userId);
        var positions = await LoadReadPositionsAsync();
        var clamped = Math.Min(readSeq, _lastSeq);
        if (clamped <= positions.GetValueOrDefault(userId))
        {
            return;
        }
        positions[userId] = clamped;
        await _store.SaveReadPositionAsync(Id, userId, clamped);
        var others = S.Members.Keys.Where(m => m != userId).ToArray();
        await Task.WhenAll(others.Select(m => DeliverReceiptAsync(m, userId, clamped)));
    }

    /// <summary>
    /// Receipts are best effort: the read position is already stored (members can ask for it), so
    /// one member whose grain cannot take the receipt must not fail the reader's MarkRead.
    /// </summary>
    private async Task DeliverReceiptAsync(string memberId, string readerId, long readSeq)
    {
        try
        {
            await UserReference(memberId).DeliverReceipt(Id, readerId, readSeq);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Receipt of {Reader} at {Seq} in {Conversation} did not reach {Member}", readerId, readSeq, Id, memberId);
        }
    }

    public Task Typing(string userId, bool typing)
    {
        MembershipRules.RequireMember(S, Id, userId);
        var signal = new TypingSignal(Id, userId, typing);
        foreach (var member in S.Members.Keys)
        {
            if (member != userId)
            {
                _ = UserReference(member).DeliverTyping(signal);
            }
        }
        return Task.CompletedTask;
    }

    // ---- membership -----------------------------------------------------------------------

    public async Task<ConversationInfo> AddMembers(string actorId, string[] userIds)
    {
        MembershipRules.RequireGroupRole(S, Id, actorId, MemberRole.Admin);
        var added = RequireNewMembers(userIds, actorId, S.Members.Count)
            .Where(u => !S.Members.ContainsKey(u))
            .ToArray();
        if (added.Length == 0)
        {
            return Info();
        }
        var noticeSeq = _lastSeq + 1;
        var now = NowMs();
        foreach (var id in added)
        {
            S.Members[id] = new MemberState { Role = MemberRole.Member, JoinedAtMs = now, JoinedSeq = noticeSeq };
        }
        _memberIds = null;
        await AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.MembersAdded, actorId, added, S.Name, MemberRole.Member), actorId, extraRecipients: []);
        return Info();
    }

    public async Task<ConversationInfo> RemoveMember(string actorId, string userId)
    {
        var actor = MembershipRules.RequireGroupRole(S, Id, actorId, MemberRole.Admin);
        UserId.Require(userId, "user_id");
        if (userId == actorId)
        {
            throw ImException.InvalidArgument("To remove yourself, leave the group.");
        }
        if (!S.Members.TryGetValue(userId, out var target))
        {
            throw ImException.NotFound($"User '{userId}' is not a member of conversation '{Id}'.");
        }
        if (target.Role >= actor.Role)
        {
            throw ImException.PermissionDenied($"A {actor.Role.ToString().ToLowerInvariant()} cannot remove a {target.Role.ToString().ToLowerInvariant()}.");
        }
        S.Members.Remove(userId);
        _memberIds = null;
        await AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.MemberRemoved, actorId, [userId], S.Name, MemberRole.Member), actorId, extraRecipients: [userId]);
        return Info();
    }

    public async Task Leave(string userId)
    {
        var member = MembershipRules.RequireMember(S, Id, userId);
        MembershipRules.RequireGroup(S, Id);
        string? newOwner = null;
        if (member.Role == MemberRole.Owner)
        {
            newOwner = MembershipRules.NextOwner(S, userId);
            if (newOwner is not null)
            {
                S.Members[newOwner].Role = MemberRole.Owner;
            }
        }
        S.Members.Remove(userId);
        _memberIds = null;
        var left = AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.MemberLeft, userId, [userId], S.Name, MemberRole.Member), userId, extraRecipients: [userId]);
        var handedOver = newOwner is null
            ? Task.CompletedTask
            : AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.RoleChanged, userId, [newOwner], S.Name, MemberRole.Owner), userId, extraRecipients: []);
        await Task.WhenAll(left, handedOver);
    }

    public async Task<ConversationInfo> Rename(string actorId, string name)
    {
        MembershipRules.RequireGroupRole(S, Id, actorId, MemberRole.Admin);
        S.Name = RequireName(name);
        await AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.Renamed, actorId, [], S.Name, MemberRole.Member), actorId, extraRecipients: []);
        return Info();
    }

    public async Task<ConversationInfo> SetRole(string actorId, string userId, MemberRole role)
    {
        MembershipRules.RequireGroupRole(S, Id, actorId, MemberRole.Owner);
        UserId.Require(userId, "user_id");
        if (role is not (MemberRole.Member or MemberRole.Admin))
        {
            throw ImException.InvalidArgument("role must be MEMBER or ADMIN; ownership moves only when the owner leaves.");
        }
        if (!S.Members.TryGetValue(userId, out var target))
        {
            throw ImException.NotFound($"User '{userId}' is not a member of conversation '{Id}'.");
        }
        if (target.Role == MemberRole.Owner)
        {
            throw ImException.FailedPrecondition("The owner's role cannot be changed.");
        }
        if (target.Role == role)
        {
            return Info();
        }
        target.Role = role;
        await AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.RoleChanged, actorId, [userId], S.Name, role), actorId, extraRecipients: []);
        return Info();
    }

    // ---- internals ------------------------------------------------------------------------

    /// <summary>
    /// Assigns the next seq, makes the message durable, then acks and queues its fan-out. The
    /// recipients are fixed now, so a member added later never gets earlier messages and a
    /// removed one still gets the notice of their removal.
    /// </summary>
    private Task<SendOutcome> AppendAsync(string senderId, string clientMessageId, MessageBody body, MessageUpdate? update, string[] extraRecipients, long? sentAtMs = null)
    {
        if (_broken)
        {
            throw new ImException(ImErrorCode.Unavailable, $"Conversation '{Id}' is recovering from a storage failure; retry.");
        }
        var seq = ++_lastSeq;
        var message = new MessageRecord(Id, seq, senderId, clientMessageId, sentAtMs ?? NowMs(), body);
        var members = _memberIds ??= [.. S.Members.Keys];
        var recipients = extraRecipients.Length == 0 ? members : members.Union(extraRecipients).ToArray();
        var outcome = CommitAsync(message, update, recipients);
        _dedup.AddInFlight(senderId, clientMessageId, outcome);
        return outcome;
    }

    private async Task<SendOutcome> CommitAsync(MessageRecord message, MessageUpdate? update, string[] recipients)
    {
        try
        {
            await _store.AppendMessageAsync(message, update);
        }
        catch (Exception ex)
        {
            // A seq was handed out that may never be stored. Start over from what the store
            // holds rather than risk reusing or skipping numbers.
            _broken = true;
            _dedup.Remove(message.SenderId, message.ClientMessageId);
            _logger.LogError(ex, "Storing message {Seq} of {Conversation} failed; deactivating", message.Seq, Id);
            DeactivateOnIdle();
            throw new ImException(ImErrorCode.Unavailable, "The message store is unavailable; the message was not stored. Retry with the same client message id.");
        }
        _dedup.MarkDurable(message.SenderId, message.ClientMessageId, message.Seq, message.SentAtMs);
        _fanOut.Enqueue(new PendingDelivery(message, recipients));
        return new SendOutcome(Id, message.Seq, message.SentAtMs, message.ClientMessageId, Duplicate: false);
    }

    /// <summary>Membership changes: the new membership and its notice are written together; the notice's seq is fixed before either await.</summary>
    private async Task AppendNoticeAsync(SystemNoticeBody notice, string actorId, string[] extraRecipients)
    {
        var outcome = AppendAsync(actorId, "sys-" + Guid.NewGuid().ToString("N"), notice, update: null, extraRecipients);
        await Task.WhenAll(WriteStateAsync(), outcome);
    }

    private async Task<MessageRecord> RequireOwnMessageAsync(string senderId, long targetSeq, string action, TimeSpan window)
    {
        if (targetSeq < 1 || targetSeq > _lastSeq)
        {
            throw ImException.NotFound($"Conversation '{Id}' has no message {targetSeq}.");
        }
        var target = await _store.GetMessageAsync(Id, targetSeq)
            ?? throw ImException.NotFound($"Conversation '{Id}' has no message {targetSeq}.");
        if (target.SenderId != senderId)
        {
            throw ImException.PermissionDenied($"Only the sender may {action} message {targetSeq}.");
        }
        if (target.Recalled || _recalled.Contains(targetSeq))
        {
            throw ImException.FailedPrecondition($"Message {targetSeq} was recalled.");
        }
        if (target.Body is null || !target.Body.CountsAsUnread)
        {
            throw ImException.FailedPrecondition($"Message {targetSeq} is a notice and cannot be changed.");
        }
        if (NowMs() - target.SentAtMs > (long)window.TotalMilliseconds)
        {
            throw ImException.FailedPrecondition($"Message {targetSeq} is older than the {action} window of {window}.");
        }
        return target;
    }

    private void EnsureDirectCreated(string requesterId)
    {
        UserId.Require(requesterId, "user_id");
        var pair = ConversationId.DirectMembers(Id)
            ?? throw ImException.InvalidArgument($"'{Id}' is not a direct conversation id.");
        if (requesterId != pair.A && requesterId != pair.B)
        {
            throw ImException.PermissionDenied($"User '{requesterId}' is not a member of conversation '{Id}'.");
        }
        if (S.Exists)
        {
            return;
        }
        var now = NowMs();
        S.Exists = true;
        S.Kind = ConversationKind.Direct;
        S.CreatedAtMs = now;
        S.Members[pair.A] = new MemberState { Role = MemberRole.Member, JoinedAtMs = now, JoinedSeq = 1 };
        S.Members[pair.B] = new MemberState { Role = MemberRole.Member, JoinedAtMs = now, JoinedSeq = 1 };
        _memberIds = null;
    }

    private string[] RequireNewMembers(string[]? userIds, string actorId, int existing)
    {
        var ids = (userIds ?? []).Distinct(StringComparer.Ordinal).Where(u => u != actorId).ToArray();
        foreach (var id in ids)
        {
            UserId.Require(id, "member id");
        }
        var total = existing + ids.Count(u => !S.Members.ContainsKey(u)) + (S.Members.ContainsKey(actorId) ? 0 : 1);
        if (total > _options.MaxGroupMembers)
        {
            throw ImException.InvalidArgument($"A group may have at most {_options.MaxGroupMembers} members; this would make {total}.");
        }
        return ids;
    }

    private string RequireName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > _options.MaxGroupNameLength)
        {
            throw ImException.InvalidArgument($"name must be 1-{_options.MaxGroupNameLength} characters.");
        }
        return trimmed;
    }

    private async Task ResumeUndeliveredAsync(CancellationToken cancellationToken)
    {
        // Messages stored but perhaps not handed to every member before the last activation
        // ended. Redelivery is idempotent in the user grains.
        var from = _deliveredSeq;
        while (from < _lastSeq)
        {
            var page = await _store.ReadMessagesAsync(Id, from, HistoryDirection.Forward, 256, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }
            foreach (var message in page)
            {
                _fanOut.Enqueue(new PendingDelivery(message, RecipientsOf(message)));
            }
            from = page[^1].Seq;
        }
    }

    /// <summary>
    /// Who gets a message being redelivered: today's members who had joined by then (a member
    /// added later must not receive history from before their join), plus whoever it removes.
    /// </summary>
    private string[] RecipientsOf(MessageRecord message)
    {
        var members = S.Members.Where(m => m.Value.JoinedSeq <= message.Seq).Select(m => m.Key);
        return message.Body is SystemNoticeBody { Kind: SystemNoticeKind.MemberRemoved or SystemNoticeKind.MemberLeft } notice
            ? members.Union(notice.TargetIds).ToArray()
            : [.. members];
    }

    /// <summary>
    /// Records the fan-out watermark once a burst is handed over (the queue ran dry), so a node
    /// that restarts resumes only conversations that really are behind. Losing this write costs a
    /// harmless redelivery, never a message.
    /// </summary>
    private void OnDelivered(long seq, bool queueEmpty)
    {
        _deliveredSeq = Math.Max(_deliveredSeq, seq);
        if (queueEmpty)
        {
            _ = _store.MarkDeliveredAsync(Id, _deliveredSeq).ContinueWith(
                t => _logger.LogWarning(t.Exception, "Recording delivery of {Conversation} up to {Seq} failed", Id, seq),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private async Task WriteStateAsync()
    {
        await _stateWrite.WaitAsync();
        try
        {
            await _state.WriteStateAsync();
        }
        finally
        {
            _stateWrite.Release();
        }
    }

    private async Task<Dictionary<string, long>> LoadReadPositionsAsync()
    {
        if (_readPositions is null)
        {
            var stored = await _store.ReadReadPositionsAsync(Id);
            _readPositions ??= stored.ToDictionary(p => p.UserId, p => p.ReadSeq, StringComparer.Ordinal);
        }
        return _readPositions;
    }

    private ConversationHeader Header() => new(Id, S.Kind, S.Name);

    private IUserGrain UserReference(string userId)
    {
        if (!_userReferences.TryGetValue(userId, out var reference))
        {
            _userReferences[userId] = reference = GrainFactory.GetGrain<IUserGrain>(userId);
        }
        return reference;
    }

    private ConversationInfo Info() => new(
        Id,
        S.Kind,
        S.Name,
        S.Members
            .OrderByDescending(m => m.Value.Role)
            .ThenBy(m => m.Value.JoinedSeq)
            .ThenBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new MemberInfo(m.Key, m.Value.Role, m.Value.JoinedAtMs))
            .ToArray(),
        _lastSeq,
        S.CreatedAtMs);

    private long NowMs() => _clock.GetUtcNow().ToUnixTimeMilliseconds();
}
