using System.CommandLine;
using OrleansIm.Cli.Output;

namespace OrleansIm.Cli.Commands;

/// <summary>`history --user U --conversation C [--limit N]`: the latest N messages, oldest first.</summary>
internal static class HistoryCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var conversation = new Option<string>("--conversation", "-c") { Description = "A conversation id, or a user id for the direct conversation.", Required = true };
        var limit = new Option<int>("--limit", "-n") { Description = "How many messages.", DefaultValueFactory = _ => 20 };
        var command = new Command("history", "Print a conversation's latest messages.") { conversation, limit };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            var conversationId = await ConversationTarget.ResolveAsync(client, result.GetValue(conversation)!, cancellationToken);
            var page = await client.GetHistoryAsync(conversationId, limit: result.GetValue(limit), cancellationToken: cancellationToken);
            foreach (var message in page.Messages.Reverse())
            {
                Console.WriteLine(MessageFormatter.Line(message));
            }

            return 0;
        }));
        return command;
    }
}
