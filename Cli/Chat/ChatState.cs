using System.Collections.Concurrent;
using OrleansIm.Cli.Output;

namespace OrleansIm.Cli.Chat;

/// <summary>What the chat screen is showing: the open conversation, who types in it, and which messages this terminal sent.</summary>
internal sealed class ChatState
{
    private static readonly TimeSpan TypingExpiry = TimeSpan.FromSeconds(8);

    private readonly ConcurrentDictionary<string, byte> _sentHere = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _typing = new(StringComparer.Ordinal);
    private volatile string? _openId;
    private volatile string? _me;

    public ChatState(string? me)
    {
        _me = me;
        Titles = new ConversationTitles(() => _me);
    }

    public string Me
    {
        get => _me ?? "";
        set => _me = value;
    }

    public ConversationTitles Titles { get; }

    public string? OpenId => _openId;

    /// <summary>The lowest seq printed for the open conversation; /history pages back from it.</summary>
    public long OldestShownSeq { get; set; }

    public void Open(string conversationId, long oldestShownSeq)
    {
        _openId = conversationId;
        OldestShownSeq = oldestShownSeq;
        _typing.Clear();
    }

    public void Close()
    {
        _openId = null;
        _typing.Clear();
    }

    /// <summary>A client message id for a send from this terminal; its echo from the server is then not printed twice.</summary>
    public string NewSendId()
    {
        var id = Guid.NewGuid().ToString("N");
        _sentHere[id] = 0;
        return id;
    }

    public bool WasSentHere(string clientMessageId) => _sentHere.ContainsKey(clientMessageId);

    public void SetTyping(string userId, bool typing, DateTimeOffset now)
    {
        if (typing)
        {
            _typing[userId] = now;
        }
        else
        {
            _typing.TryRemove(userId, out _);
        }
    }

    /// <summary>"Team (bob typing…)> ", or "> " with nothing open.</summary>
    public string Prompt(DateTimeOffset now)
    {
        if (_openId is not { } open)
        {
            return "> ";
        }

        var typing = _typing.Where(t => now - t.Value < TypingExpiry).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
        var suffix = typing.Count == 0 ? "" : $" ({string.Join(", ", typing)} typing…)";
        return $"{Titles.Of(open)}{suffix}> ";
    }
}
