using System.CommandLine;
using OrleansIm.Cli.Commands;
using OrleansIm.Client;

namespace OrleansIm.Cli.Groups;

/// <summary>
/// `group ...`: administration of groups from scripts, chiefly large ones (docs/large-groups.md):
/// create a group of thousands in pages, page through members, mute, join requests.
/// </summary>
internal static class GroupCommand
{
    public static Command Create(ConnectionOptions connection) => new("group", "Administer groups (large groups, moderation, join requests).")
    {
        CreateLarge(connection),
        Members(connection),
        Mute(connection, "mute", muted: true),
        Mute(connection, "unmute", muted: false),
        MuteAll(connection),
        JoinRequest(connection),
        JoinRequests(connection),
        Decide(connection, "approve", approve: true),
        Decide(connection, "deny", approve: false),
    };

    private static Command CreateLarge(ConnectionOptions connection)
    {
        var name = new Option<string>("--name") { Description = "The group's name.", Required = true };
        var membersFile = new Option<FileInfo?>("--members-file") { Description = "A file with one member user id per line." };
        var generate = new Option<int>("--generate") { Description = "Make up this many member ids (<prefix>-1 ... <prefix>-N) instead of reading a file." };
        var prefix = new Option<string>("--prefix") { Description = "Prefix of generated member ids.", DefaultValueFactory = _ => "member" };
        var pageSize = new Option<int>("--page-size") { Description = "Members per AddMembers call (the server allows 1000 by default).", DefaultValueFactory = _ => 1000 };
        var command = new Command("create-large", "Create a group with many members, added in pages; the caller owns it.") { name, membersFile, generate, prefix, pageSize };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var ids = await ReadMembersAsync(result.GetValue(membersFile), result.GetValue(generate), result.GetValue(prefix)!, cancellationToken);
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            var progress = new Progress<int>(added => Console.Error.WriteLine($"added {added}/{ids.Count}"));
            var group = await client.CreateLargeGroupAsync(result.GetValue(name)!, ids, result.GetValue(pageSize), progress, cancellationToken);
            Console.WriteLine($"created {group.Id} with {group.MemberCount} members{(group.Large ? " (large group: read diffusion)" : "")}");
            return 0;
        }));
        return command;
    }

    private static Command Members(ConnectionOptions connection)
    {
        var group = GroupOption();
        var after = new Option<string>("--after") { Description = "List members after this user id.", DefaultValueFactory = _ => "" };
        var limit = new Option<int>("--limit") { Description = "Members per page (0 = the server default).", DefaultValueFactory = _ => 0 };
        var command = new Command("members", "List a page of a group's members in user id order.") { group, after, limit };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            var page = await client.ListMembersAsync(result.GetValue(group)!, result.GetValue(after)!, result.GetValue(limit), cancellationToken);
            foreach (var member in page.Members)
            {
                Console.WriteLine($"{member.UserId}\t{member.Role}{(member.Muted ? "\tmuted" : "")}");
            }
            Console.WriteLine($"{page.Members.Count} of {page.MemberCount}{(page.HasMore ? $"; next: --after {page.Members[^1].UserId}" : "")}");
            return 0;
        }));
        return command;
    }

    private static Command Mute(ConnectionOptions connection, string verb, bool muted)
    {
        var group = GroupOption();
        var member = new Option<string>("--member") { Description = "The member's user id.", Required = true };
        var command = new Command(verb, muted ? "Mute a member (admins only): they may read, not send." : "Unmute a member (admins only).") { group, member };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            await client.SetMemberMutedAsync(result.GetValue(group)!, result.GetValue(member)!, muted, cancellationToken);
            Console.WriteLine($"{result.GetValue(member)} {(muted ? "muted" : "unmuted")}");
            return 0;
        }));
        return command;
    }

    private static Command MuteAll(ConnectionOptions connection)
    {
        var group = GroupOption();
        var on = new Option<bool>("--on") { Description = "true: only admins may send; false: everyone may.", Required = true };
        var command = new Command("mute-all", "Mute or unmute the whole group (admins are exempt).") { group, on };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            var updated = await client.UpdateGroupSettingsAsync(result.GetValue(group)!, muteAll: result.GetValue(on), cancellationToken: cancellationToken);
            Console.WriteLine($"{updated.Id}: mute all {(updated.MuteAll ? "on" : "off")}");
            return 0;
        }));
        return command;
    }

    private static Command JoinRequest(ConnectionOptions connection)
    {
        var group = GroupOption();
        var note = new Option<string>("--note") { Description = "A note for the admins.", DefaultValueFactory = _ => "" };
        var command = new Command("join-request", "Ask to join a group; its admins approve or deny.") { group, note };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            await client.RequestJoinAsync(result.GetValue(group)!, result.GetValue(note)!, cancellationToken);
            Console.WriteLine("requested");
            return 0;
        }));
        return command;
    }

    private static Command JoinRequests(ConnectionOptions connection)
    {
        var group = GroupOption();
        var command = new Command("join-requests", "List pending join requests (admins only).") { group };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            var pending = await client.ListJoinRequestsAsync(result.GetValue(group)!, cancellationToken);
            foreach (var request in pending.Requests)
            {
                Console.WriteLine($"{request.UserId}\t{DateTimeOffset.FromUnixTimeMilliseconds(request.RequestedAtMs):u}\t{request.Note}");
            }
            Console.WriteLine($"{pending.Requests.Count} pending");
            return 0;
        }));
        return command;
    }

    private static Command Decide(ConnectionOptions connection, string verb, bool approve)
    {
        var group = GroupOption();
        var member = new Option<string>("--member") { Description = "The user who asked.", Required = true };
        var command = new Command(verb, approve ? "Approve a join request (admins only)." : "Deny a join request (admins only).") { group, member };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            var updated = await client.DecideJoinRequestAsync(result.GetValue(group)!, result.GetValue(member)!, approve, cancellationToken);
            Console.WriteLine($"{result.GetValue(member)} {(approve ? "approved" : "denied")}; {updated.MemberCount} members");
            return 0;
        }));
        return command;
    }

    private static Option<string> GroupOption() => new("--group") { Description = "The group's conversation id (g:...).", Required = true };

    private static async Task<IReadOnlyList<string>> ReadMembersAsync(FileInfo? file, int generate, string prefix, CancellationToken cancellationToken)
    {
        if (file is not null && generate > 0)
        {
            throw new ArgumentException("Give either --members-file or --generate, not both.");
        }
        if (file is not null)
        {
            var lines = await File.ReadAllLinesAsync(file.FullName, cancellationToken);
            return [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)];
        }
        if (generate > 0)
        {
            return [.. Enumerable.Range(1, generate).Select(i => $"{prefix}-{i}")];
        }
        throw new ArgumentException("Give --members-file FILE or --generate N.");
    }
}
