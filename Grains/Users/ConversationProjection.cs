using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Users;

/// <summary>
/// How sync events change a user's conversation list. Deterministic, so replaying the sync
/// log after a snapshot rebuilds exactly what was there, and the unread counts stay equal to
/// what <see cref="Storage.IMessageStore.CountUnreadAsync"/> would count.
/// </summary>
internal static class ConversationProjection
{
    /// <summary>Applies a message; false when it is a duplicate or the user is no longer a member.</summary>
    public static bool ApplyMessage(UserState state, string userId, MessageRecord message, string? headerName)
    {
        var conversations = state.Conversations;
        var notice = message.Body as SystemNoticeBody;
        var aboutMe = notice is not null && notice.TargetIds.Contains(userId, StringComparer.Ordinal);
        if (!conversations.TryGetValue(message.ConversationId, out var entry))
        {
            if (aboutMe && notice!.Kind is SystemNoticeKind.MemberRemoved or SystemNoticeKind.MemberLeft)
            {
                return false;
            }
            entry = new ConversationEntry
            {
                Kind = ConversationId.KindOf(message.ConversationId),
                Title = TitleFor(message.ConversationId, userId, notice?.Name ?? headerName),
                LastSeq = message.Seq - 1,
                ReadSeq = message.Seq - 1,
            };
            conversations[message.ConversationId] = entry;
        }
        if (message.Seq <= entry.LastSeq)
        {
            return false;
        }
        if (entry.Left)
        {
            if (!(aboutMe && notice!.Kind == SystemNoticeKind.MembersAdded))
            {
                return false;
            }
            entry.Left = false;
            entry.ReadSeq = message.Seq - 1;
            entry.Unread = 0;
        }
        entry.LastSeq = message.Seq;
        switch (message.Body)
        {
            case EditBody edit:
                if (entry.LastMessage?.Seq == edit.TargetSeq)
                {
                    entry.LastMessage = entry.LastMessage with { Body = edit.NewBody, EditedAtMs = message.SentAtMs };
                }
                break;
            case RecallBody recall:
                if (message.SenderId != userId && recall.TargetSeq > entry.ReadSeq && entry.Unread > 0)
                {
                    entry.Unread--;
                }
                if (entry.LastMessage?.Seq == recall.TargetSeq)
                {
                    entry.LastMessage = entry.LastMessage with { Body = null, Recalled = true };
                }
                break;
            case SystemNoticeBody n:
                if (n.Kind is SystemNoticeKind.Renamed or SystemNoticeKind.Created && entry.Kind == ConversationKind.Group)
                {
                    entry.Title = n.Name;
                }
                entry.LastMessage = message;
                entry.LastActivityMs = message.SentAtMs;
                if (n.CountsAsUnread && message.SenderId != userId)
                {
                    // An operators' announcement is for reading, like a message.
                    entry.Unread++;
                }
                if (aboutMe && n.Kind is SystemNoticeKind.MemberRemoved or SystemNoticeKind.MemberLeft)
                {
                    entry.Left = true;
                    entry.Unread = 0;
                    entry.ReadSeq = message.Seq;
                }
                break;
            default:
                // A recalled message replayed from the log has lost its body, but only countable
                // messages can be recalled, so it counted when it first arrived.
                var countable = message.Recalled || (message.Body?.CountsAsUnread ?? false);
                if (message.SenderId == userId)
                {
                    if (countable)
                    {
                        // Sending implies having read the conversation.
                        entry.ReadSeq = message.Seq;
                        entry.Unread = 0;
                    }
                }
                else if (countable)
                {
                    entry.Unread++;
                }
                entry.LastMessage = message;
                entry.LastActivityMs = message.SentAtMs;
                break;
        }
        return true;
    }

    public static void ApplyRead(UserState state, string conversationId, long readSeq, int unread)
    {
        var known = state.Conversations.TryGetValue(conversationId, out var entry);
        if (known && readSeq > entry!.ReadSeq)
        {
            entry.ReadSeq = readSeq;
            entry.Unread = unread;
        }
        // A conversation without a write-diffusion entry is a large group (a group that grew
        // large keeps its old entry, so its mark is kept too once it has one).
        if (!known || state.LargeGroups.ContainsKey(conversationId))
        {
            var mark = LargeMark(state, conversationId);
            mark.ReadSeq = Math.Max(mark.ReadSeq, readSeq);
        }
    }

    public static void ApplyMention(UserState state, string conversationId, long seq)
    {
        var mark = LargeMark(state, conversationId);
        mark.MentionSeq = Math.Max(mark.MentionSeq, seq);
    }

    private static LargeGroupMark LargeMark(UserState state, string conversationId)
    {
        if (!state.LargeGroups.TryGetValue(conversationId, out var mark))
        {
            state.LargeGroups[conversationId] = mark = new LargeGroupMark();
        }
        return mark;
    }

    private static string TitleFor(string conversationId, string userId, string? name)
    {
        var pair = ConversationId.DirectMembers(conversationId);
        if (pair is { } p)
        {
            return p.A == userId ? p.B : p.A;
        }
        return name ?? "";
    }
}
