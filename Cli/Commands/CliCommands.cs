using System.CommandLine;

namespace OrleansIm.Cli.Commands;

/// <summary>The command tree: `chat` for people, `login`, `send`, `history`, `list` for scripts.</summary>
internal static class CliCommands
{
    public static RootCommand Build()
    {
        var connection = new ConnectionOptions();
        return new RootCommand("OrleansIm terminal client.")
        {
            ChatCommand.Create(connection),
            LoginCommand.Create(connection),
            SendCommand.Create(connection),
            HistoryCommand.Create(connection),
            ListCommand.Create(connection),
            Rooms.RoomCommand.Create(connection),
            Groups.GroupCommand.Create(connection),
        };
    }
}
