using OrleansIm.Client;
using OrleansIm.Client.Cursors;

namespace OrleansIm.Cli.Commands;

/// <summary>Turns the command line's settings into an <see cref="ImClient"/>.</summary>
internal static class ClientFactory
{
    public static ImClient Create(ConnectionSettings settings, bool rememberCursor)
    {
        var trust = ConnectionOptions.LoadTrust(settings.CaCertificatePath);
        var tokenProvider = settings.Token is { } token
            ? ImClientOptions.FixedToken(token)
            : new DevTokenProvider(settings.Server, settings.User!, serverCertificateValidation: trust).GetTokenAsync;

        return new ImClient(new ImClientOptions
        {
            Endpoints = [settings.Server],
            TokenProvider = tokenProvider,
            DeviceId = settings.Device,
            ServerCertificateValidation = trust,
            // A token alone does not say whose cursor file to use; such a run resyncs from the start.
            CursorStore = rememberCursor && settings.User is not null ? new FileCursorStore(CursorPath(settings)) : new InMemoryCursorStore(),
        });
    }

    /// <summary>One file per server, user and device, so switching any of them never reuses a foreign cursor.</summary>
    private static string CursorPath(ConnectionSettings settings)
    {
        var server = $"{settings.Server.Host}_{settings.Server.Port}";
        return Path.Combine(settings.StateDirectory, "cursors", server, $"{settings.User}.{settings.Device}.cursor");
    }
}
