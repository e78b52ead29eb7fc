using System.CommandLine;
using OrleansIm.Cli.Commands;

namespace OrleansIm.Cli.Rooms;

/// <summary>`room create|watch|post|close|mute-user|mute|remove`: live rooms from the terminal.</summary>
internal static class RoomCommand
{
    public static Command Create(ConnectionOptions connection) => new("room", "Live rooms: create, watch, post, moderate.")
    {
        RoomCreateCommand.Create(connection),
        RoomWatchCommand.Create(connection),
        RoomPostCommand.Create(connection),
        RoomModerationCommands.Close(connection),
        RoomModerationCommands.MuteUser(connection),
        RoomModerationCommands.MuteRoom(connection),
        RoomModerationCommands.Remove(connection),
    };

    /// <summary>The --room option every room command takes.</summary>
    public static Option<string> RoomOption() => new("--room", "-r") { Description = "The room id.", Required = true };
}
