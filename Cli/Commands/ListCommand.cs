using System.CommandLine;
using OrleansIm.Cli.Output;

namespace OrleansIm.Cli.Commands;

/// <summary>`list --user U`: conversations, most recent first, with unread counts.</summary>
internal static class ListCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var command = new Command("list", "List conversations with unread counts.");
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var settings = connection.Read(result);
            await using var client = ClientFactory.Create(settings, rememberCursor: false);
            var list = await client.ListConversationsAsync(cancellationToken);
            foreach (var line in ConversationListFormatter.Lines(list, settings.User))
            {
                Console.WriteLine(line);
            }

            return 0;
        }));
        return command;
    }
}
