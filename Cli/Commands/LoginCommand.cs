using System.CommandLine;
using OrleansIm.Client;

namespace OrleansIm.Cli.Commands;

/// <summary>`login --user U`: prints a development token for use with --token or other clients.</summary>
internal static class LoginCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var user = new Option<string>("--user", "-u") { Description = "The user to log in as.", Required = true };
        var command = new Command("login", "Print a development token for a user.") { user, connection.Server, connection.CaCertificate };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var trust = ConnectionOptions.LoadTrust(result.GetValue(connection.CaCertificate));
            var login = await ImClient.DevLoginAsync(result.GetValue(connection.Server)!, result.GetValue(user)!, trust, cancellationToken);
            Console.WriteLine(login.AccessToken);
            return 0;
        }));
        return command;
    }
}
