using System.Text.Json;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>Whole-log reads through the grains' paged calls.</summary>
public static class Reads
{
    /// <summary>The user's entire sync log, page by page.</summary>
    public static async Task<List<SyncEventRecord>> SyncLogAsync(IUserGrain user, int pageSize = 37)
    {
        var all = new List<SyncEventRecord>();
        long after = 0;
        while (true)
        {
            var page = await user.Sync(after, pageSize);
            all.AddRange(page.Events);
            if (page.Events.Length == 0 || !page.HasMore)
            {
                return all;
            }
            after = page.Events[^1].SyncSeq;
        }
    }

    /// <summary>Everything the requester may see of the conversation, oldest first, page by page.</summary>
    public static async Task<List<MessageRecord>> HistoryAsync(IConversationGrain conversation, string requesterId, int pageSize = 50)
    {
        var all = new List<MessageRecord>();
        long anchor = 0;
        while (true)
        {
            var page = await conversation.GetHistory(requesterId, anchor, HistoryDirection.Forward, pageSize);
            all.AddRange(page.Messages);
            if (page.Messages.Length == 0 || !page.HasMore)
            {
                return all;
            }
            anchor = page.Messages[^1].Seq;
        }
    }

    /// <summary>The user's list entry for a conversation, or null when it is not listed.</summary>
    public static async Task<ConversationListEntry?> EntryAsync(IUserGrain user, string conversationId) =>
        (await user.ListConversations()).Conversations.SingleOrDefault(c => c.ConversationId == conversationId);

    /// <summary>
    /// What the user's unread count for a conversation must be, computed from its history: messages
    /// after the read position, sent by someone else, of a countable kind and not recalled.
    /// </summary>
    public static int ExpectedUnread(IEnumerable<MessageRecord> history, string userId, long readSeq) =>
        history.Count(m => m.Seq > readSeq && m.SenderId != userId && !m.Recalled && m.Body is { CountsAsUnread: true });

    /// <summary>A structural rendering (arrays compared by content) for comparing lists across activations.</summary>
    public static string Render(ConversationList list) => JsonSerializer.Serialize(list, RenderOptions);

    private static readonly JsonSerializerOptions RenderOptions = new() { WriteIndented = true };
}
