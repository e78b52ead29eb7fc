using System.CommandLine;
using OrleansIm.Cli.Commands;

namespace OrleansIm.Cli.Rooms;

/// <summary>`room create [--room R] --title T [--moderators a,b] [--rate N]`.</summary>
internal static class RoomCreateCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var room = new Option<string?>("--room", "-r") { Description = "The room id (the server picks one if omitted)." };
        var title = new Option<string>("--title") { Description = "The room's title.", DefaultValueFactory = _ => "" };
        var moderators = new Option<string[]>("--moderators") { Description = "User ids who may moderate.", AllowMultipleArgumentsPerToken = true };
        var rate = new Option<int>("--rate") { Description = "Slow mode: most messages per second (0 = the server's default)." };
        var command = new Command("create", "Create a room you own.") { room, title, moderators, rate };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            var info = await client.CreateRoomAsync(result.GetValue(room) ?? "", result.GetValue(title)!, result.GetValue(moderators), result.GetValue(rate), cancellationToken);
            Console.WriteLine($"created room {info.RoomId} (owner {info.OwnerId}, {info.MaxMessagesPerSecond} messages/s)");
            return 0;
        }));
        return command;
    }
}
