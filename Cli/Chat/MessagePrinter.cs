using OrleansIm.Cli.Output;
using OrleansIm.Protocol.V1;
using Spectre.Console;

namespace OrleansIm.Cli.Chat;

/// <summary>
/// Prints a message: indented under the open conversation, or tagged with its conversation's
/// title when it belongs to another one. A live message already on screen (the history shown on
/// /open, or this terminal's own ack) is not printed again.
/// </summary>
internal sealed class MessagePrinter(ChatScreen screen, ChatState state)
{
    private readonly Dictionary<string, long> _highestShown = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <param name="live">An event as it happens, rather than a page of history.</param>
    public void Print(Message message, bool live = false)
    {
        lock (_gate)
        {
            var shown = _highestShown.GetValueOrDefault(message.ConversationId);
            if (live && message.Seq <= shown)
            {
                return;
            }

            _highestShown[message.ConversationId] = Math.Max(shown, message.Seq);
        }

        var line = Markup.Escape(MessageFormatter.Line(message));
        var color = message.SenderId == state.Me ? "green" : "deepskyblue1";
        var sender = Markup.Escape(message.SenderId) + ":";
        if (line.Contains(" " + sender, StringComparison.Ordinal))
        {
            var at = line.IndexOf(" " + sender, StringComparison.Ordinal) + 1;
            line = line[..at] + $"[{color}]{sender}[/]" + line[(at + sender.Length)..];
        }

        if (message.ConversationId == state.OpenId)
        {
            screen.Markup("  " + line);
        }
        else
        {
            screen.Markup($"[yellow]{Markup.Escape($"[{state.Titles.Of(message.ConversationId)}]")}[/] {line} [grey]({Markup.Escape(message.ConversationId)})[/]");
        }
    }
}
