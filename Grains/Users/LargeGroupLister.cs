using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Storage;

namespace OrleansIm.Grains.Users;

/// <summary>
/// A user's large groups as conversation-list entries, computed when asked: the group says its
/// last seq and last message, the store counts unread in (max(read seq, join seq), last seq].
/// The cost is paid per listing and per large group, never per message.
/// </summary>
internal sealed class LargeGroupLister(IMessageStore store, IGrainFactory grains, string userId)
{
    /// <summary>More large groups than this per user are not listed (a product limit, documented).</summary>
    public const int MaxGroups = 1000;

    public async Task<ConversationListEntry[]> ListAsync(UserState state)
    {
        var memberships = await store.ListGroupsOfMemberAsync(userId, MaxGroups);
        var entries = await Task.WhenAll(memberships.Select(m => EntryAsync(state, m)));
        return [.. entries.OfType<ConversationListEntry>()];
    }

    /// <summary>The user's read seq in a large group: its mark, or the write-diffusion entry it had before the group grew.</summary>
    public static long ReadSeq(UserState state, string conversationId) => Math.Max(
        state.LargeGroups.TryGetValue(conversationId, out var mark) ? mark.ReadSeq : 0,
        state.Conversations.TryGetValue(conversationId, out var entry) ? entry.ReadSeq : 0);

    private async Task<ConversationListEntry?> EntryAsync(UserState state, GroupMembership membership)
    {
        LargeGroupSummary summary;
        try
        {
            summary = await grains.GetGrain<IConversationGrain>(membership.ConversationId).GetLargeSummary(userId);
        }
        catch (ImException)
        {
            // Left or removed since the membership row was read.
            return null;
        }
        var id = membership.ConversationId;
        var readSeq = ReadSeq(state, id);
        var unread = await store.CountUnreadAsync(id, userId, Math.Max(readSeq, summary.JoinedSeq), summary.LastSeq);
        var mentioned = state.LargeGroups.TryGetValue(id, out var mark) && mark.MentionSeq > readSeq;
        var last = summary.LastMessage is { } message && (summary.HistoryForNewMembers || message.Seq >= summary.JoinedSeq) ? message : null;
        return new ConversationListEntry(id, ConversationKind.Group, summary.Name, summary.LastSeq, readSeq, unread, last, last?.SentAtMs ?? 0, mentioned);
    }
}
