using System.CommandLine;
using System.Net.Security;
using System.Security.Cryptography;
using OrleansIm.Client.Connection;

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

    public Option<string?> CaCertificate { get; } = new("--ca-cert")
    {
        Description = "PEM certificate(s) to trust for an https:// server the system does not: a private CA, or the gateway's self-signed certificate (ORLEANSIM_CA_CERT sets a default).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ORLEANSIM_CA_CERT") is { Length: > 0 } path ? path : null,
        CustomParser = ParseCaCertificate,
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
        command.Add(CaCertificate);
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
        result.GetValue(StateDirectory) ?? ".",
        result.GetValue(CaCertificate));

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

    /// <summary>The trust <c>--ca-cert</c> (or ORLEANSIM_CA_CERT) asks for; null for the system's alone.</summary>
    /// <exception cref="ArgumentException">The file cannot be read or holds no certificate.</exception>
    public static RemoteCertificateValidationCallback? LoadTrust(string? path)
    {
        if (path is null)
        {
            return null;
        }
        try
        {
            return ServerCertificateTrust.FromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or CryptographicException or ArgumentException)
        {
            throw new ArgumentException($"--ca-cert must be a readable PEM certificate file; '{path}': {e.Message}", e);
        }
    }

    /// <summary>Loads the file once here, so a wrong path is a usage error before anything connects.</summary>
    private static string? ParseCaCertificate(System.CommandLine.Parsing.ArgumentResult result)
    {
        var path = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        try
        {
            LoadTrust(path);
            return path;
        }
        catch (ArgumentException e)
        {
            result.AddError(e.Message);
            return null;
        }
    }

    private static string DefaultDevice()
    {
        var machine = new string(Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').ToArray());
        var device = "cli-" + (machine.Length == 0 ? "local" : machine);
        return device.Length > 64 ? device[..64] : device;
    }
}
