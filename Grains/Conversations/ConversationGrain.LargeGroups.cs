using Microsoft.Extensions.Logging;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Gateway;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Storage;

namespace OrleansIm.Grains.Conversations;

/// <summary>
/// Read diffusion, hints, mentions and moderation (docs/large-groups.md). A message of a large
/// group costs one stored row, at most one hint call per gateway per window, and one user-grain
/// call per mentioned member, whatever the member count.
/// </summary>
public sealed partial class ConversationGrain
{
    public async Task<MemberPage> ListMembers(string requesterId, string afterUserId, int limit)
    {
        RequireMember(requesterId);
        var size = _options.ResolvePageSize(limit);
        var after = afterUserId ?? "";
        if (S.Large)
        {
            // The rows are the truth and come back in id order from the primary key.
            var rows = await _store.ReadGroupMembersAsync(Id, after, size + 1);
            var members = rows.Take(size).Select(r => new MemberInfo(r.UserId, r.Role, r.JoinedAtMs, r.Muted)).ToArray();
            return new MemberPage(members, rows.Count > size, Members.Count);
        }
        var page = Members
            .Where(m => string.CompareOrdinal(m.Key, after) > 0)
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        return new MemberPage([.. page.Take(size).Select(m => ToInfo(m.Key, m.Value))], page.Count > size, Members.Count);
    }

    public async Task<ConversationInfo> SetMuted(string actorId, string userId, bool muted)
    {
        var actor = MembershipRules.RequireGroupRole(S, Members, Id, actorId, MemberRole.Admin);
        UserId.Require(userId, "user_id");
        if (!Members.TryGetValue(userId, out var target))
        {
            throw ImException.NotFound($"User '{userId}' is not a member of conversation '{Id}'.");
        }
        if (target.Role >= actor.Role || target.Role >= MemberRole.Admin)
        {
            throw ImException.PermissionDenied($"A {actor.Role.ToString().ToLowerInvariant()} cannot mute a {target.Role.ToString().ToLowerInvariant()}.");
        }
        if (target.Muted == muted)
        {
            return Info();
        }
        target.Muted = muted;
        await (S.Large ? _store.SaveGroupMembersAsync(Id, GroupMemberChanges.Upsert(Row(userId, target))) : WriteStateAsync());
        return Info();
    }

    public async Task<ConversationInfo> SetGroupSettings(string actorId, bool? muteAll, bool? historyForNewMembers)
    {
        MembershipRules.RequireGroupRole(S, Members, Id, actorId, MemberRole.Admin);
        S.MuteAll = muteAll ?? S.MuteAll;
        S.HistoryForNewMembers = historyForNewMembers ?? S.HistoryForNewMembers;
        await WriteStateAsync();
        return Info();
    }

    public async Task RequestJoin(string userId, string note)
    {
        UserId.Require(userId, "user_id");
        if (!S.Exists)
        {
            throw ImException.NotFound($"Conversation '{Id}' does not exist.");
        }
        MembershipRules.RequireGroup(S, Id);
        if (Members.ContainsKey(userId))
        {
            throw ImException.FailedPrecondition($"User '{userId}' is already a member of conversation '{Id}'.");
        }
        var cleanNote = (note ?? "").Trim();
        if (cleanNote.Length > _options.MaxGroupNameLength)
        {
            throw ImException.InvalidArgument($"note must be at most {_options.MaxGroupNameLength} characters.");
        }
        if (S.JoinRequests.ContainsKey(userId))
        {
            return;
        }
        if (S.JoinRequests.Count >= _options.MaxPendingJoinRequests)
        {
            throw new ImException(ImErrorCode.ResourceExhausted, $"Conversation '{Id}' already has {S.JoinRequests.Count} join requests waiting; try again later.");
        }
        S.JoinRequests[userId] = new JoinRequestInfo(userId, cleanNote, NowMs());
        await WriteStateAsync();
    }

    public Task<JoinRequestInfo[]> ListJoinRequests(string actorId)
    {
        MembershipRules.RequireGroupRole(S, Members, Id, actorId, MemberRole.Admin);
        return Task.FromResult(S.JoinRequests.Values.OrderBy(r => r.RequestedAtMs).ThenBy(r => r.UserId, StringComparer.Ordinal).ToArray());
    }

    public async Task<ConversationInfo> DecideJoinRequest(string actorId, string userId, bool approve)
    {
        MembershipRules.RequireGroupRole(S, Members, Id, actorId, MemberRole.Admin);
        UserId.Require(userId, "user_id");
        if (!S.JoinRequests.Remove(userId))
        {
            throw ImException.NotFound($"User '{userId}' has no pending join request in conversation '{Id}'.");
        }
        if (!approve || Members.ContainsKey(userId))
        {
            await WriteStateAsync();
            return Info();
        }
        RequireNewMembers([userId], actorId, Members.Count);
        // The membership notice writes the state, the removed request included.
        return await AddAsync(actorId, [userId]);
    }

    public Task SetOnline(string userId, IGatewayObserver[] gateways)
    {
        if (S.Large && Members.ContainsKey(userId))
        {
            _online.Set(userId, gateways ?? [], _clock.GetUtcNow() + _options.DeviceRegistrationTtl);
        }
        return Task.CompletedTask;
    }

    public Task<LargeGroupSummary> GetLargeSummary(string userId)
    {
        var member = RequireMember(userId);
        return Task.FromResult(new LargeGroupSummary(S.Name, _lastSeq, _lastMessage, member.JoinedSeq, S.HistoryForNewMembers));
    }

    /// <summary>Mentioned members other than the sender, checked against the per-message limit; only large groups act on them.</summary>
    private string[] RequireMentions(string[]? mentionIds, string senderId)
    {
        if (mentionIds is null || mentionIds.Length == 0)
        {
            return [];
        }
        var distinct = mentionIds.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length > _options.MaxMentionsPerMessage)
        {
            throw ImException.InvalidArgument($"A message may mention at most {_options.MaxMentionsPerMessage} members; got {distinct.Length}.");
        }
        foreach (var id in distinct)
        {
            UserId.Require(id, "mention_user_ids");
        }
        return S.Large ? distinct.Where(id => id != senderId && Members.ContainsKey(id)).ToArray() : [];
    }

    /// <summary>The per-message work of read diffusion: remember the latest message, hint, mention. No member's grain is called otherwise.</summary>
    private void OnLargeMessageDurable(MessageRecord message, string[] mentions)
    {
        if (_lastMessage is null || message.Seq > _lastMessage.Seq)
        {
            _lastMessage = message;
        }
        foreach (var userId in mentions)
        {
            _ = MentionAsync(userId, message);
        }
        if (_hints.Advance(message.Seq))
        {
            SendHint();
        }
        else if (_hints.HasPending && _hintTimer is null)
        {
            _hintTimer = this.RegisterGrainTimer(FlushHintAsync, _hints.Remaining(), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Best effort: the message itself is durable and counts as unread; only the flag would be missing.</summary>
    private async Task MentionAsync(string userId, MessageRecord message)
    {
        try
        {
            await UserReference(userId).DeliverMention(Id, message.Seq, message.SenderId);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Mention of {User} in {Conversation}#{Seq} was not recorded", userId, Id, message.Seq);
        }
    }

    private Task FlushHintAsync(CancellationToken cancellationToken)
    {
        _hintTimer?.Dispose();
        _hintTimer = null;
        SendHint();
        return Task.CompletedTask;
    }

    /// <summary>
    /// One one-way call per gateway that holds online members, naming them; the gateway tells
    /// their streams. When the whole window is in the recent tail, the call carries its messages
    /// for the members who may read all of them, and their pulls stop at the gateway.
    /// </summary>
    private void SendHint()
    {
        var (previous, last) = _hints.Take();
        if (last == 0)
        {
            return;
        }
        var hint = new ConversationAdvanced(Id, last, previous);
        var window = WindowOf(hint);
        foreach (var (gateway, users) in _online.ByGateway(_clock.GetUtcNow()))
        {
            var readers = window is null ? [] : users.Where(u => MaySeeFrom(u, previous + 1)).ToArray();
            if (readers.Length > 0)
            {
                _ = gateway.PushConversationWindow(window!, readers);
            }
            if (readers.Length < users.Count)
            {
                _ = gateway.PushConversationAdvanced(hint, readers.Length == 0 ? [.. users] : [.. users.Except(readers, StringComparer.Ordinal)]);
            }
        }
    }

    /// <summary>The hint with its messages, when the recent tail holds every one of them.</summary>
    private ConversationWindow? WindowOf(ConversationAdvanced hint)
    {
        var count = hint.LastSeq - hint.PreviousSeq;
        if (count <= 0 || count > _options.MaxPageSize || !_recent.TryReadForward(hint.PreviousSeq, (int)count, out var page)
            || page.Count != count || page[^1].Seq != hint.LastSeq)
        {
            return null;
        }
        return new ConversationWindow(hint, [.. page], _options.MaxPageSize);
    }

    /// <summary>Whether the member may read history from <paramref name="seq"/> on (GetHistory's rule: from the seq they joined at, unless the group opens its history).</summary>
    private bool MaySeeFrom(string userId, long seq) =>
        Members.TryGetValue(userId, out var member) && (S.HistoryForNewMembers || member.JoinedSeq <= seq);
}
