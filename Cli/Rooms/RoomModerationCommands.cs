using System.CommandLine;
using OrleansIm.Cli.Commands;
using OrleansIm.Client;

namespace OrleansIm.Cli.Rooms;

/// <summary>The owner's and moderators' commands: close, mute-user, mute, remove.</summary>
internal static class RoomModerationCommands
{
    public static Command Close(ConnectionOptions connection) =>
        Build(connection, "close", "Close a room you own; every viewer is told.", [], (client, result, room, ct) => client.CloseRoomAsync(room, ct));

    public static Command MuteUser(ConnectionOptions connection)
    {
        var target = Target();
        var seconds = Seconds("How long; 0 lifts the mute.", 300);
        return Build(connection, "mute-user", "Stop a user posting in the room.", [target, seconds],
            (client, result, room, ct) => client.MuteRoomUserAsync(room, result.GetValue(target)!, TimeSpan.FromSeconds(result.GetValue(seconds)), ct));
    }

    public static Command MuteRoom(ConnectionOptions connection)
    {
        var off = new Option<bool>("--off") { Description = "Lift the room's mute." };
        return Build(connection, "mute", "Let only the owner and moderators post.", [off],
            (client, result, room, ct) => client.MuteRoomAsync(room, !result.GetValue(off), ct));
    }

    public static Command Remove(ConnectionOptions connection)
    {
        var target = Target();
        var seconds = Seconds("How long the user stays out; 0 = the server's default.", 0);
        return Build(connection, "remove", "End a viewer's watch and keep them out for a while.", [target, seconds],
            (client, result, room, ct) => client.RemoveRoomViewerAsync(room, result.GetValue(target)!, TimeSpan.FromSeconds(result.GetValue(seconds)), ct));
    }

    private static Option<string> Target() => new("--target") { Description = "The user to act on.", Required = true };

    private static Option<int> Seconds(string description, int value) => new("--seconds") { Description = description, DefaultValueFactory = _ => value };

    private static Command Build(ConnectionOptions connection, string name, string description, Option[] options, Func<ImClient, ParseResult, string, CancellationToken, Task> act)
    {
        var room = RoomCommand.RoomOption();
        var command = new Command(name, description) { room };
        foreach (var option in options)
        {
            command.Add(option);
        }
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            await act(client, result, result.GetValue(room)!, cancellationToken);
            Console.WriteLine("done");
            return 0;
        }));
        return command;
    }
}
