using System.CommandLine;
using OrleansIm.Cli.Commands;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Cli.Rooms;

/// <summary>`room post --room R --text T [--class chat|gift|like]`.</summary>
internal static class RoomPostCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var room = RoomCommand.RoomOption();
        var text = new Option<string>("--text") { Description = "The message text (may be empty for a like).", DefaultValueFactory = _ => "" };
        var messageClass = new Option<string>("--class") { Description = "chat, gift or like.", DefaultValueFactory = _ => "chat" };
        messageClass.AcceptOnlyFromAmong("chat", "gift", "like");
        var command = new Command("post", "Post one message to a room.") { room, text, messageClass };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            var chosen = result.GetValue(messageClass) switch
            {
                "gift" => RoomMessageClass.Gift,
                "like" => RoomMessageClass.Like,
                _ => RoomMessageClass.Chat,
            };
            var seq = await client.PostToRoomAsync(result.GetValue(room)!, chosen, result.GetValue(text)!, cancellationToken);
            Console.WriteLine($"posted #{seq}");
            return 0;
        }));
        return command;
    }
}
