using System.CommandLine;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Cli.Commands;

/// <summary>`send --user U --to C|U --text T`: one message through the unary Send RPC, no stream.</summary>
internal static class SendCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var to = new Option<string>("--to") { Description = "A conversation id, or a user id for the direct conversation.", Required = true };
        var text = new Option<string>("--text") { Description = "The message text.", Required = true };
        var clientMessageId = new Option<string?>("--id") { Description = "Client message id; resending with the same id stores the message once." };
        var command = new Command("send", "Send one text message.") { to, text, clientMessageId };
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var client = ClientFactory.Create(connection.Read(result), rememberCursor: false);
            var conversationId = await ConversationTarget.ResolveAsync(client, result.GetValue(to)!, cancellationToken);
            var body = new MessageBody { Text = new TextBody { Text = result.GetValue(text)! } };
            var ack = await client.SendUnaryAsync(conversationId, body, result.GetValue(clientMessageId), cancellationToken);
            Console.WriteLine($"sent {ack.ConversationId} #{ack.Seq}{(ack.Duplicate ? " (already stored)" : "")}");
            return 0;
        }));
        return command;
    }
}
