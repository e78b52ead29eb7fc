using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Gateway;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Options;
using OrleansIm.Grains.ContentSafety;
using OrleansIm.Grains.Interfaces.Security;
using OrleansIm.Grains.Storage;
using OrleansIm.Grains.Storage.Resilience;

namespace OrleansIm.Grains.Conversations;

/// <summary>
/// The single writer of a conversation's seq. Reentrant so that concurrent sends share one
/// group commit: every seq is assigned synchronously (no await between reading and bumping
/// the counter) and the store completes writes in the order they were queued.
/// </summary>
[Reentrant]
public sealed partial class ConversationGrain : Grain, IConversationGrain
{
    private readonly IPersistentState<ConversationState> _state;
    private readonly IMessageStore _store;
    private readonly ContentFilterChain _content;
    private readonly MessagingOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ConversationGrain> _logger;
    private readonly SemaphoreSlim _stateWrite = new(1, 1);
    private long _deliveredSeq;
    private long _markedSeq;
    private IGrainTimer? _deliveryMarkTimer;

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

    // Large groups (docs/large-groups.md): members loaded from the store's rows, the online
    // members' gateways for hints, and the merge window of those hints.
    private readonly Dictionary<string, MemberState> _largeMembers = new(StringComparer.Ordinal);
    private readonly OnlineMembers _online = new();
    private HintWindow _hints = null!;
    private RecentMessages _recent = null!;
    private IGrainTimer? _hintTimer;
    private MessageRecord? _lastMessage;

    public ConversationGrain(
        [PersistentState("conversation", "im")] IPersistentState<ConversationState> state,
        IMessageStore store,
        ContentFilterChain content,
        IOptions<MessagingOptions> options,
        TimeProvider clock,
        ILogger<ConversationGrain> logger)
    {
        _state = state;
        _store = store;
        _content = content;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    private string Id => this.GetPrimaryKeyString();

    private ConversationState S => _state.State;

    /// <summary>Who belongs to the conversation: the grain state's map for small groups, the store's rows (loaded) for large ones.</summary>
    private Dictionary<string, MemberState> Members => S.Large ? _largeMembers : S.Members;

    private const int MemberPageSize = 1000;
    private const int InfoMemberLimit = 100;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _dedup = new SendDedupWindow(_options.DedupWindow);
        _fanOut = new ConversationFanOut(UserReference, Header, OnDelivered, DeactivateOnIdle, _logger);
        _hints = new HintWindow(_clock, _options.HintWindow, 0);
        _recent = new RecentMessages(_options.LargeGroupRecentMessages, _options.LargeGroupRecentBytes);
        if (!S.Exists)
        {
            return;
        }
        _lastSeq = await _store.GetLastSeqAsync(Id, cancellationToken);
        foreach (var key in await _store.ReadRecentSendKeysAsync(Id, _options.DedupWindow, cancellationToken))
        {
            _dedup.AddDurable(key.SenderId, key.ClientMessageId, key.Seq, key.SentAtMs);
        }
        _hints = new HintWindow(_clock, _options.HintWindow, _lastSeq);
        if (S.Large)
        {
            await LoadLargeMembersAsync(cancellationToken);
            var last = await _store.ReadMessagesAsync(Id, 0, HistoryDirection.Backward, 1, cancellationToken);
            _lastMessage = last.Count > 0 ? last[0] : null;
            // Nothing is fanned out in a large group, so nothing is ever behind: say so once, so
            // node start-up stops waking it.
            _ = _store.MarkDeliveredAsync(Id, _lastSeq, cancellationToken);
            return;
        }
        _deliveredSeq = _markedSeq = await _store.GetDeliveredSeqAsync(Id, cancellationToken);
        await ResumeUndeliveredAsync(cancellationToken);
    }

    private async Task LoadLargeMembersAsync(CancellationToken cancellationToken)
    {
        var after = "";
        while (true)
        {
            var page = await _store.ReadGroupMembersAsync(Id, after, MemberPageSize, cancellationToken);
            foreach (var row in page)
            {
                _largeMembers[row.UserId] = new MemberState { Role = row.Role, JoinedSeq = row.JoinedSeq, JoinedAtMs = row.JoinedAtMs, Muted = row.Muted };
            }
            if (page.Count < MemberPageSize)
            {
                return;
            }
            after = page[^1].UserId;
        }
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
        var members = RequireNewMembers(memberIds, ownerId, Members.Count);
        var now = NowMs();
        S.Exists = true;
        S.Kind = ConversationKind.Group;
        S.Name = cleanName;
        S.CreatedAtMs = now;
        S.Large = members.Length + 1 > _options.LargeGroupThreshold;
        Members[ownerId] = new MemberState { Role = MemberRole.Owner, JoinedAtMs = now, JoinedSeq = 1 };
        foreach (var id in members)
        {
            Members[id] = new MemberState { Role = MemberRole.Member, JoinedAtMs = now, JoinedSeq = 1 };
        }
        _memberIds = null;
        var rows = S.Large ? GroupMemberChanges.Upsert([.. Members.Select(m => Row(m.Key, m.Value))]) : null;
        await AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.Created, ownerId, members, cleanName, MemberRole.Member), ownerId, extraRecipients: [], rows);
        return Info();
    }

    public Task<ConversationInfo> GetInfo(string requesterId)
    {
        RequireMember(requesterId);
        return Task.FromResult(Info());
    }

    public async Task<HistoryPage> GetHistory(string requesterId, long anchorSeq, HistoryDirection direction, int limit)
    {
        var member = RequireMember(requesterId);
        if (anchorSeq < 0)
        {
            throw ImException.InvalidArgument($"anchor_seq must not be negative; got {anchorSeq}.");
        }
        if (direction is not (HistoryDirection.Backward or HistoryDirection.Forward))
        {
            throw ImException.InvalidArgument("direction must be BACKWARD or FORWARD.");
        }
        var size = _options.ResolvePageSize(limit);
        // A member who joined at seq J sees from J on, unless the group opens its history to newcomers.
        var firstVisible = S.HistoryForNewMembers ? 1 : member.JoinedSeq;
        if (direction == HistoryDirection.Forward)
        {
            var from = Math.Max(anchorSeq, firstVisible - 1);
            var page = S.Large && _recent.TryReadForward(from, size + 1, out var recent)
                ? recent
                : await _store.ReadMessagesAsync(Id, from, direction, size + 1);
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
        RequireMember(requesterId);
        var positions = await LoadReadPositionsAsync();
        if (S.Large)
        {
            // Only those who read anything: listing 100,000 zeros helps nobody.
            return positions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new ReadPositionInfo(p.Key, p.Value)).ToArray();
        }
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
        var sender = RequireMember(command.SenderId);
        if (_dedup.TryGetDuplicate(Id, command.SenderId, command.ClientMessageId, out var duplicate))
        {
            return await duplicate;
        }
        MembershipRules.RequireMaySend(S, sender, Id, command.SenderId);
        BodyValidator.Require(command.Body, _options);
        var body = _content.Apply(command.Body, ContentOrigin.Message, command.SenderId);
        var mentions = RequireMentions(command.MentionIds, command.SenderId);
        return await AppendAsync(command.SenderId, command.ClientMessageId, body, update: null, extraRecipients: [], mentions: mentions);
    }

    public async Task<SendOutcome> Edit(string senderId, long targetSeq, string clientMessageId, MessageBody newBody)
    {
        UserId.Require(clientMessageId, "client_message_id");
        RequireMember(senderId);
        if (_dedup.TryGetDuplicate(Id, senderId, clientMessageId, out var duplicate))
        {
            return await duplicate;
        }
        BodyValidator.Require(newBody, _options, "new_body");
        newBody = _content.Apply(newBody, ContentOrigin.Edit, senderId);
        var target = await RequireOwnMessageAsync(senderId, targetSeq, "edit", _options.EditWindow);
        var now = NowMs();
        var update = new MessageUpdate(target.Seq, newBody, now, Recalled: false);
        // One timestamp for the notice and the edited message, so both say when the edit happened.
        return await AppendAsync(senderId, clientMessageId, new EditBody(target.Seq, newBody), update, extraRecipients: [], sentAtMs: now);
    }

    public async Task<SendOutcome> Recall(string senderId, long targetSeq, string clientMessageId)
    {
        UserId.Require(clientMessageId, "client_message_id");
        RequireMember(senderId);
        if (_dedup.TryGetDuplicate(Id, senderId, clientMessageId, out var duplicate))
        {
            return await duplicate;
        }
        var target = await RequireOwnMessageAsync(senderId, targetSeq, "recall", _options.RecallWindow);
        _recalled.Add(target.Seq);
        var update = new MessageUpdate(target.Seq, NewBody: null, target.EditedAtMs, Recalled: true);
        return await AppendAsync(senderId, clientMessageId, new RecallBody(target.Seq), update, extraRecipients: []);
    }

    public async Task<SendOutcome> PostSystemMessage(string clientMessageId, string text)
    {
        UserId.Require(clientMessageId, "client_message_id");
        MembershipRules.RequireExists(S, Id);
        // The boundary check let only an admin or a service in; grain-to-grain callers speak for the system.
        var actor = CallerContext.UserId ?? "system";
        if (_dedup.TryGetDuplicate(Id, actor, clientMessageId, out var duplicate))
        {
            return await duplicate;
        }
        BodyValidator.Require(new TextBody(text), _options, "text");
        var filtered = _content.Apply(text, ContentOrigin.SystemMessage, actor);
        var notice = new SystemNoticeBody(SystemNoticeKind.Announcement, actor, [], S.Name, MemberRole.Member, filtered);
        return await AppendAsync(actor, clientMessageId, notice, update: null, extraRecipients: []);
    }

    public async Task RecordRead(string userId, long readSeq)
    {
        RequireMember(userId);
        var positions = await LoadReadPositionsAsync();
        var clamped = Math.Min(readSeq, _lastSeq);
        if (clamped <= positions.GetValueOrDefault(userId))
        {
            return;
        }
        positions[userId] = clamped;
        await _store.SaveReadPositionAsync(Id, userId, clamped);
        if (S.Large)
        {
            // No receipts in a large group: one read would cost a call per member.
            return;
        }
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
        RequireMember(userId);
        if (S.Large)
        {
            // Typing in a group of thousands is noise, and relaying it costs a call per member.
            return Task.CompletedTask;
        }
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
        MembershipRules.RequireGroupRole(S, Members, Id, actorId, MemberRole.Admin);
        var added = RequireNewMembers(userIds, actorId, Members.Count)
            .Where(u => !Members.ContainsKey(u))
            .ToArray();
        return await AddAsync(actorId, added);
    }

    /// <summary>
    /// Adds members, announced by one notice whose seq is each new member's join seq. A group
    /// that grows past the threshold becomes large here: its members move from the grain state to
    /// store rows, written with the notice in one transaction before the state says "large".
    /// </summary>
    private async Task<ConversationInfo> AddAsync(string actorId, string[] added)
    {
        if (added.Length == 0)
        {
            return Info();
        }
        var noticeSeq = _lastSeq + 1;
        var now = NowMs();
        var becomesLarge = !S.Large && Members.Count + added.Length > _options.LargeGroupThreshold;
        if (becomesLarge)
        {
            foreach (var (id, member) in S.Members)
            {
                _largeMembers[id] = member;
            }
            S.Members = new(StringComparer.Ordinal);
            S.Large = true;
        }
        foreach (var id in added)
        {
            Members[id] = new MemberState { Role = MemberRole.Member, JoinedAtMs = now, JoinedSeq = noticeSeq };
        }
        _memberIds = null;
        GroupMemberChanges? rows = null;
        if (S.Large)
        {
            var written = becomesLarge ? Members.Keys : (IEnumerable<string>)added;
            rows = GroupMemberChanges.Upsert([.. written.Select(id => Row(id, Members[id]))]);
        }
        await AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.MembersAdded, actorId, added, S.Name, MemberRole.Member), actorId, extraRecipients: [], rows);
        return Info();
    }

    public async Task<ConversationInfo> RemoveMember(string actorId, string userId)
    {
        var actor = MembershipRules.RequireGroupRole(S, Members, Id, actorId, MemberRole.Admin);
        UserId.Require(userId, "user_id");
        if (userId == actorId)
        {
            throw ImException.InvalidArgument("To remove yourself, leave the group.");
        }
        if (!Members.TryGetValue(userId, out var target))
        {
            throw ImException.NotFound($"User '{userId}' is not a member of conversation '{Id}'.");
        }
        if (target.Role >= actor.Role)
        {
            throw ImException.PermissionDenied($"A {actor.Role.ToString().ToLowerInvariant()} cannot remove a {target.Role.ToString().ToLowerInvariant()}.");
        }
        Members.Remove(userId);
        _online.Remove(userId);
        _memberIds = null;
        await AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.MemberRemoved, actorId, [userId], S.Name, MemberRole.Member), actorId, extraRecipients: [userId],
            S.Large ? GroupMemberChanges.Remove(userId) : null);
        return Info();
    }

    public async Task Leave(string userId)
    {
        var member = RequireMember(userId);
        MembershipRules.RequireGroup(S, Id);
        string? newOwner = null;
        if (member.Role == MemberRole.Owner)
        {
            newOwner = MembershipRules.NextOwner(Members, userId);
            if (newOwner is not null)
            {
                Members[newOwner].Role = MemberRole.Owner;
            }
        }
        Members.Remove(userId);
        _online.Remove(userId);
        _memberIds = null;
        var left = AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.MemberLeft, userId, [userId], S.Name, MemberRole.Member), userId, extraRecipients: [userId],
            S.Large ? GroupMemberChanges.Remove(userId) : null);
        var handedOver = newOwner is null
            ? Task.CompletedTask
            : AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.RoleChanged, userId, [newOwner], S.Name, MemberRole.Owner), userId, extraRecipients: [],
                S.Large ? GroupMemberChanges.Upsert(Row(newOwner, Members[newOwner])) : null);
        await Task.WhenAll(left, handedOver);
    }

    public async Task<ConversationInfo> Rename(string actorId, string name)
    {
        MembershipRules.RequireGroupRole(S, Members, Id, actorId, MemberRole.Admin);
        S.Name = RequireName(name);
        await AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.Renamed, actorId, [], S.Name, MemberRole.Member), actorId, extraRecipients: []);
        return Info();
    }

    public async Task<ConversationInfo> SetRole(string actorId, string userId, MemberRole role)
    {
        MembershipRules.RequireGroupRole(S, Members, Id, actorId, MemberRole.Owner);
        UserId.Require(userId, "user_id");
        if (role is not (MemberRole.Member or MemberRole.Admin))
        {
            throw ImException.InvalidArgument("role must be MEMBER or ADMIN; ownership moves only when the owner leaves.");
        }
        if (!Members.TryGetValue(userId, out var target))
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
        await AppendNoticeAsync(new SystemNoticeBody(SystemNoticeKind.RoleChanged, actorId, [userId], S.Name, role), actorId, extraRecipients: [],
            S.Large ? GroupMemberChanges.Upsert(Row(userId, target)) : null);
        return Info();
    }

    // ---- internals ------------------------------------------------------------------------

    /// <summary>
    /// Assigns the next seq, makes the message durable, then acks and queues its fan-out. The
    /// recipients are fixed now, so a member added later never gets earlier messages and a
    /// removed one still gets the notice of their removal.
    /// </summary>
    private Task<SendOutcome> AppendAsync(
        string senderId, string clientMessageId, MessageBody body, MessageUpdate? update, string[] extraRecipients,
        long? sentAtMs = null, GroupMemberChanges? memberRows = null, string[]? mentions = null)
    {
        if (_broken)
        {
            throw new ImException(ImErrorCode.Unavailable, $"Conversation '{Id}' is recovering from a storage failure; retry.");
        }
        var seq = ++_lastSeq;
        var message = new MessageRecord(Id, seq, senderId, clientMessageId, sentAtMs ?? NowMs(), body);
        // A large group hands nothing to its members' grains: no recipient list to build.
        var members = S.Large ? [] : _memberIds ??= [.. S.Members.Keys];
        var recipients = S.Large || extraRecipients.Length == 0 ? members : members.Union(extraRecipients).ToArray();
        var outcome = CommitAsync(message, update, recipients, memberRows, mentions ?? []);
        // A write the store refused at once has already failed (and cleaned up) synchronously: a
        // retry with the same client message id must try again, not get this failure back.
        if (!outcome.IsFaulted)
        {
            _dedup.AddInFlight(senderId, clientMessageId, outcome);
        }
        return outcome;
    }

    private async Task<SendOutcome> CommitAsync(MessageRecord message, MessageUpdate? update, string[] recipients, GroupMemberChanges? memberRows, string[] mentions)
    {
        try
        {
            await (memberRows is null ? _store.AppendMessageAsync(message, update) : _store.AppendMessageWithMembersAsync(message, memberRows));
        }
        catch (StoreUnavailableException refused) when (message.Seq == _lastSeq && memberRows is null && update is not { Recalled: true } && message.Body is not SystemNoticeBody)
        {
            // Refused before it was queued, and no later seq was handed out since: the seq can be
            // given back and nothing else changed, so the conversation stays active and answers
            // the next sends at once instead of reactivating against a failing store.
            _lastSeq--;
            _dedup.Remove(message.SenderId, message.ClientMessageId);
            throw new ImException(ImErrorCode.Unavailable, $"The message store is unavailable; the message was not stored. Retry with the same client message id in {Math.Ceiling(refused.RetryAfter.TotalSeconds)} s.");
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
        if (S.Large)
        {
            _recent.Add(message, update);
            OnLargeMessageDurable(message, mentions);
        }
        else
        {
            _fanOut.Enqueue(new PendingDelivery(message, recipients));
        }
        return new SendOutcome(Id, message.Seq, message.SentAtMs, message.ClientMessageId, Duplicate: false);
    }

    /// <summary>Membership changes: the new membership and its notice are written together; the notice's seq is fixed before either await.</summary>
    private async Task AppendNoticeAsync(SystemNoticeBody notice, string actorId, string[] extraRecipients, GroupMemberChanges? memberRows = null)
    {
        var outcome = AppendAsync(actorId, "sys-" + Guid.NewGuid().ToString("N"), notice, update: null, extraRecipients, memberRows: memberRows);
        if (S.Large)
        {
            // The rows first: a state that says "large" must never be stored before the members
            // it no longer holds are in the store.
            await outcome;
            await WriteStateAsync();
            return;
        }
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
        Members[pair.A] = new MemberState { Role = MemberRole.Member, JoinedAtMs = now, JoinedSeq = 1 };
        Members[pair.B] = new MemberState { Role = MemberRole.Member, JoinedAtMs = now, JoinedSeq = 1 };
        _memberIds = null;
    }

    private string[] RequireNewMembers(string[]? userIds, string actorId, int existing)
    {
        var ids = (userIds ?? []).Distinct(StringComparer.Ordinal).Where(u => u != actorId).ToArray();
        foreach (var id in ids)
        {
            UserId.Require(id, "member id");
        }
        if (ids.Length > _options.MaxMembersPerCall)
        {
            throw ImException.InvalidArgument($"One call may add at most {_options.MaxMembersPerCall} members; got {ids.Length}. Add larger groups in pages.");
        }
        var total = existing + ids.Count(u => !Members.ContainsKey(u)) + (Members.ContainsKey(actorId) ? 0 : 1);
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
    /// Records the fan-out watermark at most once per <see cref="MessagingOptions.DeliveryMarkInterval"/>
    /// (and when the activation ends), so a node that restarts resumes only conversations that
    /// really are behind. Losing this write costs a harmless redelivery, never a message.
    /// </summary>
    private void OnDelivered(long seq)
    {
        _deliveredSeq = Math.Max(_deliveredSeq, seq);
        if (_deliveryMarkTimer is not null)
        {
            return;
        }
        if (_options.DeliveryMarkInterval == TimeSpan.Zero)
        {
            _ = WriteDeliveryMarkAsync();
            return;
        }
        _deliveryMarkTimer = this.RegisterGrainTimer((Func<Task>)WriteDeliveryMarkAsync, _options.DeliveryMarkInterval, Timeout.InfiniteTimeSpan);
    }

    private async Task WriteDeliveryMarkAsync()
    {
        // Let go of the timer first, so that deliveries during the write schedule the next mark;
        // disposed only once this callback is done with it.
        var timer = _deliveryMarkTimer;
        _deliveryMarkTimer = null;
        try
        {
            var seq = _deliveredSeq;
            if (seq > _markedSeq)
            {
                await _store.MarkDeliveredAsync(Id, seq);
                _markedSeq = Math.Max(_markedSeq, seq);
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Recording delivery of {Conversation} up to {Seq} failed", Id, _deliveredSeq);
        }
        finally
        {
            timer?.Dispose();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _broken ? Task.CompletedTask : WriteDeliveryMarkAsync();

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

    /// <summary>A large group lists its admins and the first members only; ListMembers pages through all of them.</summary>
    private ConversationInfo Info()
    {
        IEnumerable<KeyValuePair<string, MemberState>> shown = S.Large
            ? Members.Where(m => m.Value.Role >= MemberRole.Admin).Concat(Members.Where(m => m.Value.Role < MemberRole.Admin).Take(InfoMemberLimit))
            : Members;
        return new(
            Id,
            S.Kind,
            S.Name,
            shown
                .OrderByDescending(m => m.Value.Role)
                .ThenBy(m => m.Value.JoinedSeq)
                .ThenBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => ToInfo(m.Key, m.Value))
                .ToArray(),
            _lastSeq,
            S.CreatedAtMs,
            Members.Count,
            S.Large,
            S.MuteAll,
            S.HistoryForNewMembers);
    }

    private static MemberInfo ToInfo(string userId, MemberState m) => new(userId, m.Role, m.JoinedAtMs, m.Muted);

    private static GroupMemberRow Row(string userId, MemberState m) => new(userId, m.Role, m.JoinedSeq, m.JoinedAtMs, m.Muted);

    private MemberState RequireMember(string userId) => MembershipRules.RequireMember(S, Members, Id, userId);

    private long NowMs() => _clock.GetUtcNow().ToUnixTimeMilliseconds();
}
