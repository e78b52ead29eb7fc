using System.CommandLine;
using OrleansIm.Cli.Chat;

namespace OrleansIm.Cli.Commands;

/// <summary>`chat --user U [--server URL] [--device NAME]`: the interactive chat.</summary>
internal static class ChatCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var command = new Command("chat", "Interactive chat (type /help inside). Reads plain lines when input is redirected.");
        connection.AddTo(command, withDevice: true);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var settings = connection.Read(result);
            await using var client = ClientFactory.Create(settings, rememberCursor: true);
            var screen = new ChatScreen(liveInput: !Console.IsInputRedirected && !Console.IsOutputRedirected);
            screen.Dim($"connecting to {settings.Server} as {settings.User ?? "(token)"}, device {settings.Device}…");
            return await new ChatSession(client, new ChatState(settings.User), screen).RunAsync(cancellationToken);
        }));
        return command;
    }
}
