using System.CommandLine;

namespace OrleansIm.Cli.Commands;

/// <summary>The options every command shares; one instance is added to each command.</summary>
internal sealed class ConnectionOptions
{
    private const string DefaultServer = "http://127.0.0.1:5000";

    public Option<string?> User { get; } = new("--user", "-u")
    {
        Description = "The user to act as; logs in with the development login (not needed with --token).",
    };

    public Option<Uri> Server { get; } = new("--server", "-s")
    {
        Description = "Gateway address (ORLEANSIM_SERVER overrides the default).",
        DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable("ORLEANSIM_SERVER") ?? DefaultServer),
        CustomParser = ParseServer,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "A bearer token to use instead of the development login.",
    };

    public Option<string> Device { get; } = new("--device", "-d")
    {
        Description = "Device name (1-64 of [A-Za-z0-9_.-]); two terminals of one user need different names.",
        DefaultValueFactory = _ => DefaultDevice(),
    };

    public Option<string> StateDirectory { get; } = new("--state-dir")
    {
        Description = "Where the device's sync cursor is kept between runs.",
        DefaultValueFactory = _ => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "orleansim"),
    };

    public void AddTo(Command command, bool withDevice = false)
    {
        command.Add(User);
        command.Add(Server);
        command.Add(Token);
        if (withDevice)
        {
            command.Add(Device);
            command.Add(StateDirectory);
        }

        command.Validators.Add(result =>
        {
            if (result.GetValue(User) is null && result.GetValue(Token) is null)
            {
                result.AddError("Give --user (development login) or --token.");
            }
        });
    }

    public ConnectionSettings Read(ParseResult result) => new(
        result.GetValue(User),
        result.GetValue(Server)!,
        result.GetValue(Token),
        result.GetValue(Device) ?? DefaultDevice(),
        result.GetValue(StateDirectory) ?? ".");

    private static Uri? ParseServer(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        result.AddError($"--server must be an http:// or https:// address, e.g. {DefaultServer}; got '{text}'.");
        return null;
    }

    private static string DefaultDevice()
    {
        var machine = new string(Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').ToArray());
        var device = "cli-" + (machine.Length == 0 ? "local" : machine);
        return device.Length > 64 ? device[..64] : device;
    }
}
