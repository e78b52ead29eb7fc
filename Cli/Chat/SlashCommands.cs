using OrleansIm.Cli.Commands;
using OrleansIm.Cli.Output;
using OrleansIm.Client;
using OrleansIm.Protocol.V1;
using Spectre.Console;

namespace OrleansIm.Cli.Chat;

/// <summary>The chat's /commands. Each one is a few SDK calls and some output.</summary>
internal sealed class SlashCommands(ImClient client, ChatState state, ChatScreen screen, MessagePrinter printer)
{
    private const int PageOnOpen = 10;
    private const int DefaultHistoryPage = 20;

    public static readonly string[] Help =
    [
        "/list                          conversations, unread counts, last message",
        "/open <conversation-id|user>   open a conversation (a user id opens the direct one); marks it read",
        "/history [n]                   n older messages of the open conversation",
        "/read                          mark the open conversation read",
        "/members                       members, roles, read positions and presence",
        "/who                           presence of your direct contacts",
        "/group create <name> <user...> create a group (quote names with spaces) and open it",
        "/group add <user...>           add members to the open group",
        "/group remove <user>           remove a member",
        "/group role <user> admin|member",
        "/group rename <name>           rename the open group",
        "/group leave                   leave the open group",
        "/edit <seq> <text>             edit one of your messages",
        "/recall <seq>                  recall one of your messages",
        "/help, /quit",
        "anything else is sent to the open conversation",
    ];

    /// <summary>Runs one command line; false means quit.</summary>
    public async Task<bool> HandleAsync(string line, CancellationToken cancellationToken)
    {
        var words = ArgumentSplitter.Split(line);
        var name = words[0].ToLowerInvariant();
        var args = words.Skip(1).ToList();
        try
        {
            switch (name)
            {
                case "/quit" or "/exit":
                    return false;
                case "/help":
                    foreach (var help in Help)
                    {
                        screen.Plain(help);
                    }

                    break;
                case "/list":
                    await ListAsync(cancellationToken);
                    break;
                case "/open" when args.Count == 1:
                    await OpenAsync(args[0], cancellationToken);
                    break;
                case "/history":
                    await HistoryAsync(args.Count > 0 && int.TryParse(args[0], out var n) && n > 0 ? n : DefaultHistoryPage, cancellationToken);
                    break;
                case "/read":
                    var read = await client.MarkReadAsync(RequireOpen(), 0, cancellationToken);
                    screen.Dim($"read up to #{read.ReadSeq}; {read.TotalUnread} unread in all conversations");
                    break;
                case "/members":
                    await MembersAsync(cancellationToken);
                    break;
                case "/who":
                    await WhoAsync(cancellationToken);
                    break;
                case "/group" when args.Count > 0:
                    await GroupAsync(args[0].ToLowerInvariant(), args.Skip(1).ToList(), line, cancellationToken);
                    break;
                case "/edit" when args.Count >= 2 && long.TryParse(args[0], out var editSeq):
                    var text = RestAfter(line, 2);
                    var edited = await client.EditTextAsync(RequireOpen(), editSeq, text, state.NewSendId(), cancellationToken);
                    screen.Dim($"edited #{editSeq} (notice #{edited.Seq})");
                    break;
                case "/recall" when args.Count == 1 && long.TryParse(args[0], out var recallSeq):
                    var recalled = await client.RecallAsync(RequireOpen(), recallSeq, state.NewSendId(), cancellationToken);
                    screen.Dim($"recalled #{recallSeq} (notice #{recalled.Seq})");
                    break;
                default:
                    screen.Error($"unknown or incomplete command: {line}   (/help lists them)");
                    break;
            }
        }
        catch (ImClientException e)
        {
            screen.Error($"{e.StatusCode}: {e.Message}{CommandRunner.Hint(e.StatusCode)}");
        }
        catch (ArgumentException e)
        {
            screen.Error(e.Message);
        }
        catch (NoConversationOpenException)
        {
            screen.Error("no conversation is open: /open <conversation-id | user-id> first");
        }

        return true;
    }

    public async Task ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.ListConversationsAsync(cancellationToken);
        state.Titles.Learn(list.Conversations);
        foreach (var line in ConversationListFormatter.Lines(list, state.Me))
        {
            screen.Plain(line);
        }
    }

    private async Task OpenAsync(string target, CancellationToken cancellationToken)
    {
        var conversationId = await ConversationTarget.ResolveAsync(client, target, cancellationToken);
        var conversation = await client.GetConversationAsync(conversationId, cancellationToken);
        state.Titles.Learn(conversation);
        var page = await client.GetHistoryAsync(conversationId, 0, Direction.Backward, PageOnOpen, cancellationToken);
        state.Open(conversationId, page.Messages.Count == 0 ? conversation.LastSeq + 1 : page.Messages.Min(m => m.Seq));
        screen.SetPrompt(state.Prompt(DateTimeOffset.UtcNow));

        var members = string.Join(", ", conversation.Members.Select(m => m.UserId));
        screen.Markup($"[bold]── {Markup.Escape(state.Titles.Of(conversationId))}[/] [grey]{Markup.Escape($"{conversationId} · {members}")}[/]");
        if (page.HasMore)
        {
            screen.Dim("  (older messages: /history)");
        }

        foreach (var message in page.Messages.Reverse())
        {
            printer.Print(message);
        }

        if (conversation.LastSeq > 0)
        {
            await client.MarkReadAsync(conversationId, conversation.LastSeq, cancellationToken);
        }
    }

    private async Task HistoryAsync(int count, CancellationToken cancellationToken)
    {
        var open = RequireOpen();
        if (state.OldestShownSeq <= 1)
        {
            screen.Dim("  (start of the conversation)");
            return;
        }

        var page = await client.GetHistoryAsync(open, state.OldestShownSeq, Direction.Backward, count, cancellationToken);
        if (page.Messages.Count == 0)
        {
            screen.Dim("  (start of the conversation)");
            state.OldestShownSeq = 1;
            return;
        }

        screen.Dim($"  ── {page.Messages.Count} older ──");
        foreach (var message in page.Messages.Reverse())
        {
            printer.Print(message);
        }

        state.OldestShownSeq = page.Messages.Min(m => m.Seq);
    }

    private async Task MembersAsync(CancellationToken cancellationToken)
    {
        var open = RequireOpen();
        var conversation = await client.GetConversationAsync(open, cancellationToken);
        var positions = (await client.GetReadPositionsAsync(open, cancellationToken)).Positions.ToDictionary(p => p.UserId, p => p.ReadSeq);
        var presence = (await client.GetPresenceAsync(conversation.Members.Select(m => m.UserId), cancellationToken)).Users.ToDictionary(p => p.UserId, p => p.Online);
        foreach (var member in conversation.Members)
        {
            // Presence is shared between direct-conversation peers only; others show as unknown.
            var online = member.UserId == client.UserId ? "you"
                : presence.TryGetValue(member.UserId, out var isOnline) ? (isOnline ? "online" : "offline")
                : "-";
            var read = positions.TryGetValue(member.UserId, out var seq) ? $"read #{seq}" : "";
            screen.Plain($"  {member.UserId,-20} {MessageFormatter.Role(member.Role),-7} {online,-8} {read}");
        }
    }

    private async Task WhoAsync(CancellationToken cancellationToken)
    {
        var list = await client.ListConversationsAsync(cancellationToken);
        var peers = list.Conversations
            .Where(c => c.Kind == ConversationKind.Direct)
            .Select(c => state.Titles.DirectPeer(c.Id) ?? c.Title)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (peers.Count == 0)
        {
            screen.Dim("no direct conversations yet");
            return;
        }

        var presence = await client.GetPresenceAsync(peers, cancellationToken);
        foreach (var user in presence.Users.OrderByDescending(u => u.Online).ThenBy(u => u.UserId, StringComparer.Ordinal))
        {
            var since = user.AtMs > 0 ? $" since {DateTimeOffset.FromUnixTimeMilliseconds(user.AtMs).ToLocalTime():HH:mm}" : "";
            screen.Markup(user.Online
                ? $"  [green]●[/] {Markup.Escape(user.UserId)} [grey]online{since}[/]"
                : $"  [grey]○ {Markup.Escape(user.UserId)} offline{since}[/]");
        }
    }

    private async Task GroupAsync(string action, List<string> args, string line, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case "create" when args.Count >= 1:
                var created = await client.CreateGroupAsync(args[0], args.Skip(1), cancellationToken);
                screen.Dim($"created {created.Id}");
                await OpenAsync(created.Id, cancellationToken);
                break;
            case "add" when args.Count >= 1:
                Describe(await client.AddMembersAsync(RequireOpen(), args, cancellationToken));
                break;
            case "remove" when args.Count == 1:
                Describe(await client.RemoveMemberAsync(RequireOpen(), args[0], cancellationToken));
                break;
            case "role" when args.Count == 2 && RoleFrom(args[1]) is { } role:
                Describe(await client.SetMemberRoleAsync(RequireOpen(), args[0], role, cancellationToken));
                break;
            case "rename" when args.Count >= 1:
                var renamed = await client.RenameGroupAsync(RequireOpen(), RestAfter(line, 2).Trim('"'), cancellationToken);
                state.Titles.Learn(renamed);
                screen.SetPrompt(state.Prompt(DateTimeOffset.UtcNow));
                Describe(renamed);
                break;
            case "leave":
                var left = RequireOpen();
                await client.LeaveGroupAsync(left, cancellationToken);
                state.Close();
                screen.SetPrompt(state.Prompt(DateTimeOffset.UtcNow));
                screen.Dim($"left {left}");
                break;
            default:
                screen.Error("usage: /group create <name> <user...> | add <user...> | remove <user> | role <user> admin|member | rename <name> | leave");
                break;
        }
    }

    private void Describe(Conversation conversation) =>
        screen.Dim($"{state.Titles.Of(conversation.Id)}: {string.Join(", ", conversation.Members.Select(m => $"{m.UserId} ({MessageFormatter.Role(m.Role)})"))}");

    private string RequireOpen() => state.OpenId ?? throw new NoConversationOpenException();

    private static MemberRole? RoleFrom(string text) => text.ToLowerInvariant() switch
    {
        "admin" => MemberRole.Admin,
        "member" => MemberRole.Member,
        _ => null,
    };

    /// <summary>The raw text after the first <paramref name="words"/> words, spacing kept.</summary>
    private static string RestAfter(string line, int words)
    {
        var rest = line.TrimStart();
        for (var i = 0; i < words; i++)
        {
            var space = rest.IndexOf(' ');
            rest = space < 0 ? "" : rest[(space + 1)..].TrimStart();
        }

        return rest;
    }
}
