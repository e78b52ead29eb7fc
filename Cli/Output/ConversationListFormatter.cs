using OrleansIm.Protocol.V1;

namespace OrleansIm.Cli.Output;

/// <summary>The conversation list as lines: "g:x  Team  3 unread  bob: see you".</summary>
internal static class ConversationListFormatter
{
    public static IEnumerable<string> Lines(ListConversationsResponse list, string? me)
    {
        if (list.Conversations.Count == 0)
        {
            yield return "no conversations yet: /open <user-id> starts one";
            yield break;
        }

        var titles = new ConversationTitles(() => me);
        titles.Learn(list.Conversations);
        var idWidth = list.Conversations.Max(c => c.Id.Length);
        var titleWidth = list.Conversations.Max(c => titles.Of(c.Id).Length);
        foreach (var conversation in list.Conversations)
        {
            var unread = conversation.Unread > 0 ? $"{conversation.Unread} unread" : "";
            var last = conversation.LastMessage is { } message
                ? (message.Body?.KindCase == MessageBody.KindOneofCase.System ? MessageFormatter.Body(message) : $"{message.SenderId}: {MessageFormatter.Body(message)}")
                : "";
            yield return $"{conversation.Id.PadRight(idWidth)}  {titles.Of(conversation.Id).PadRight(titleWidth)}  {unread,-10}  {Shorten(last, 60)}";
        }

        yield return $"total unread: {list.TotalUnread}";
    }

    private static string Shorten(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
