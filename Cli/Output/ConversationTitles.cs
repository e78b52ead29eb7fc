using OrleansIm.Protocol.V1;

namespace OrleansIm.Cli.Output;

/// <summary>
/// Human names for conversation ids: group names learnt from the conversation list; a direct
/// conversation ("d:a:b") is named after the peer, which its id already says.
/// </summary>
internal sealed class ConversationTitles(Func<string?> me)
{
    private readonly Dictionary<string, string> _titles = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Learn(IEnumerable<ConversationSummary> summaries)
    {
        lock (_gate)
        {
            // Direct conversations are always named "@peer" from their id, whatever the list says.
            foreach (var summary in summaries.Where(s => s.Kind == ConversationKind.Group))
            {
                _titles[summary.Id] = summary.Title;
            }
        }
    }

    public void Learn(Conversation conversation)
    {
        if (conversation.Kind == ConversationKind.Group)
        {
            lock (_gate)
            {
                _titles[conversation.Id] = conversation.Name;
            }
        }
    }

    public bool IsKnown(string conversationId)
    {
        lock (_gate)
        {
            return _titles.ContainsKey(conversationId) || DirectPeer(conversationId) is not null;
        }
    }

    public string Of(string conversationId)
    {
        lock (_gate)
        {
            if (_titles.TryGetValue(conversationId, out var title) && title.Length > 0)
            {
                return title;
            }
        }

        return DirectPeer(conversationId) is { } peer ? "@" + peer : conversationId;
    }

    /// <summary>The other user of a direct conversation, or null for anything else.</summary>
    public string? DirectPeer(string conversationId)
    {
        var parts = conversationId.Split(':');
        if (parts.Length != 3 || parts[0] != "d")
        {
            return null;
        }

        return parts[1] == me() ? parts[2] : parts[1];
    }
}
