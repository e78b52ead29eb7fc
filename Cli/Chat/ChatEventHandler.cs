using OrleansIm.Cli.Commands;
using OrleansIm.Client;
using OrleansIm.Client.Events;
using Spectre.Console;

namespace OrleansIm.Cli.Chat;

/// <summary>
/// Shows what the SDK delivers. Messages that arrived while the terminal was away are not
/// replayed one by one: the conversation list shown at start sums them up. Messages arriving in
/// the open conversation are marked read, as a chat window on screen would.
/// </summary>
internal sealed class ChatEventHandler(ImClient client, ChatState state, ChatScreen screen, MessagePrinter printer, Action connectionClosed)
{
    private bool _caughtUp;
    private bool _wasConnected;
    private bool _toldStillTrying;

    public async Task HandleAsync(ImEvent imEvent, CancellationToken cancellationToken)
    {
        switch (imEvent)
        {
            case MessageReceived received:
                await OnMessageAsync(received, cancellationToken);
                break;
            case ReceiptReceived { Receipt: var receipt } when receipt.ConversationId == state.OpenId && receipt.ReaderId != state.Me:
                screen.Dim($"  ✓ {receipt.ReaderId} read up to #{receipt.ReadSeq}");
                break;
            case TypingChanged { Typing: var typing } when typing.ConversationId == state.OpenId && typing.UserId != state.Me:
                state.SetTyping(typing.UserId, typing.Typing, DateTimeOffset.UtcNow);
                screen.SetPrompt(state.Prompt(DateTimeOffset.UtcNow));
                if (!screen.LiveInput && typing.Typing)
                {
                    screen.Dim($"  {typing.UserId} is typing…");
                }

                break;
            case PresenceChanged { Presence: var presence } when presence.UserId != state.Me:
                screen.Dim($"{presence.UserId} is {(presence.Online ? "online" : "offline")}");
                break;
            case ConnectionStateChanged change:
                OnConnectionChanged(change);
                break;
            case ResyncCompleted resynced:
                if (_caughtUp && resynced.EventsApplied > 0)
                {
                    screen.Dim($"caught up: {resynced.EventsApplied} events while disconnected");
                }

                _caughtUp = true;
                break;
        }
    }

    private async Task OnMessageAsync(MessageReceived received, CancellationToken cancellationToken)
    {
        var message = received.Message;
        if (!_caughtUp || (received.IsOwn && state.WasSentHere(message.ClientMessageId)))
        {
            return;
        }

        if (!state.Titles.IsKnown(message.ConversationId))
        {
            await TryAsync(async () => state.Titles.Learn((await client.ListConversationsAsync(cancellationToken)).Conversations));
        }

        printer.Print(message, live: true);
        if (message.ConversationId == state.OpenId && !received.IsOwn)
        {
            await TryAsync(() => client.MarkReadAsync(message.ConversationId, message.Seq, cancellationToken));
        }
    }

    private void OnConnectionChanged(ConnectionStateChanged change)
    {
        switch (change.State)
        {
            case ConnectionState.Disconnected when !change.WillRetry:
                screen.Error($"disconnected: {change.Reason}");
                connectionClosed();
                break;
            case ConnectionState.Disconnected when _wasConnected:
                // Only the loss is news; the failed attempts that follow would flood the screen.
                _wasConnected = false;
                screen.Markup($"[yellow]{Markup.Escape($"connection lost ({change.Reason}); reconnecting…")}[/]");
                break;
            case ConnectionState.Disconnected when !_caughtUp && !_toldStillTrying:
                _toldStillTrying = true;
                screen.Dim(CertificateRefusal.IsIn(change.Cause)
                    ? $"cannot connect yet ({CertificateRefusal.Hint}); still trying…"
                    : $"cannot connect yet ({change.Reason}); still trying…");
                break;
            case ConnectionState.Connected:
                if (_caughtUp)
                {
                    screen.Markup($"[green]{Markup.Escape($"reconnected to {change.Endpoint}")}[/]");
                }

                _wasConnected = true;
                break;
        }
    }

    /// <summary>A side call failing must not stop event handling; say so and go on.</summary>
    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (ImClientException e)
        {
            screen.Error($"{e.StatusCode}: {e.Message}");
        }
    }
}
