using System.CommandLine;
using OrleansIm.Cli.Commands;
using OrleansIm.Client.Rooms;

namespace OrleansIm.Cli.Rooms;

/// <summary>`room watch --room R`: prints the room's recent messages, then everything live, until Ctrl+C or the server closes the watch.</summary>
internal static class RoomWatchCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var room = RoomCommand.RoomOption();
        var command = new Command("watch", "Watch a room live.") { room };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            await foreach (var e in client.WatchRoomAsync(result.GetValue(room)!, cancellationToken))
            {
                RoomPrinter.Print(e);
                if (e is RoomClosedEvent)
                {
                    return 3;
                }
            }
            return 0;
        }));
        return command;
    }
}
