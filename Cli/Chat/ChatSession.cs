using OrleansIm.Client;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Cli.Chat;

/// <summary>
/// One interactive chat: connects, shows the conversation list, then reads the user's lines
/// while the SDK's events are shown as they come. Lines and events are handled one at a time
/// (a shared gate), so command output and live messages never interleave mid-way.
/// </summary>
internal sealed class ChatSession(ImClient client, ChatState state, ChatScreen screen)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PromptRefresh = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DrainSendsOnQuit = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<Task> _sends = [];
    private readonly MessagePrinter _printer = new(screen, state);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = new ChatEventHandler(client, state, screen, _printer, lifetime.Cancel);
        var commands = new SlashCommands(client, state, screen, _printer);
        var pump = PumpEventsAsync(events, lifetime.Token);

        if (!await ConnectAsync(lifetime.Token))
        {
            await lifetime.CancelAsync();
            await pump;
            return 1;
        }

        state.Me = client.UserId ?? state.Me;
        screen.Dim($"connected as {state.Me}. /help lists the commands.");
        await WithGateAsync(() => commands.ListAsync(lifetime.Token), lifetime.Token);

        var typing = new TypingNotifier(() => state.OpenId, client.SetTyping, TimeProvider.System);
        var editor = new LineEditor(screen, typing.OnInputChanged);
        var prompt = RefreshPromptAsync(lifetime.Token);
        await ReadLinesAsync(editor, typing, commands, lifetime.Token);

        typing.Stop();
        await DrainSendsAsync();
        await lifetime.CancelAsync();
        await Task.WhenAll(pump, prompt);
        return 0;
    }

    private async Task<bool> ConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await client.StartAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            screen.Error($"could not connect within {ConnectTimeout.TotalSeconds} s (is the node running? see --server)");
            return false;
        }
        catch (ImClientException e)
        {
            screen.Error($"connect refused: {e.StatusCode}: {e.Message}");
            return false;
        }
    }

    private async Task ReadLinesAsync(LineEditor editor, TypingNotifier typing, SlashCommands commands, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await editor.ReadLineAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (line is null)
            {
                return;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            typing.Stop();
            if (line.StartsWith('/'))
            {
                if (screen.LiveInput)
                {
                    screen.Dim("» " + line);
                }

                var goOn = true;
                await WithGateAsync(async () => goOn = await commands.HandleAsync(line, cancellationToken), cancellationToken);
                if (!goOn)
                {
                    return;
                }
            }
            else
            {
                await SendLineAsync(line, cancellationToken);
            }
        }
    }

    /// <summary>
    /// A live terminal does not wait for the ack before the next line (the message shows when
    /// acked); a script does, so its lines stay in order and all are acked before it ends.
    /// </summary>
    private async Task SendLineAsync(string text, CancellationToken cancellationToken)
    {
        if (state.OpenId is not { } conversationId)
        {
            screen.Error("no conversation is open: /open <conversation-id | user-id> first");
            return;
        }

        var send = SendAsync(conversationId, text, cancellationToken);
        if (!screen.LiveInput)
        {
            await send;
            return;
        }

        lock (_sends)
        {
            _sends.RemoveAll(t => t.IsCompleted);
            _sends.Add(send);
        }
    }

    private async Task SendAsync(string conversationId, string text, CancellationToken cancellationToken)
    {
        var clientMessageId = state.NewSendId();
        var body = new MessageBody { Text = new TextBody { Text = text } };
        try
        {
            var ack = await client.SendAsync(conversationId, body, clientMessageId, cancellationToken);
            _printer.Print(new Message
            {
                ConversationId = ack.ConversationId,
                Seq = ack.Seq,
                SentAtMs = ack.SentAtMs,
                SenderId = state.Me,
                ClientMessageId = clientMessageId,
                Body = body,
            });
        }
        catch (ImClientException e)
        {
            screen.Error($"not sent: {e.StatusCode}: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            screen.Error($"not sent (cancelled): {text}");
        }
    }

    private async Task DrainSendsAsync()
    {
        Task[] pending;
        lock (_sends)
        {
            pending = [.. _sends];
        }

        await Task.WhenAll(pending).WaitAsync(DrainSendsOnQuit).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task PumpEventsAsync(ChatEventHandler handler, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var imEvent in client.ReadEventsAsync(cancellationToken))
            {
                await WithGateAsync(() => handler.HandleAsync(imEvent, cancellationToken), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RefreshPromptAsync(CancellationToken cancellationToken)
    {
        // Typing indicators expire without an event; redraw the prompt now and then to drop stale ones.
        using var timer = new PeriodicTimer(PromptRefresh);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                screen.SetPrompt(state.Prompt(DateTimeOffset.UtcNow));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WithGateAsync(Func<Task> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await action();
        }
        finally
        {
            _gate.Release();
        }
    }
}
