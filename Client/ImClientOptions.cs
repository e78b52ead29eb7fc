using System.Text.RegularExpressions;
using Grpc.Net.Client;
using OrleansIm.Client.Cursors;

namespace OrleansIm.Client;

/// <summary>
/// Everything an <see cref="ImClient"/> needs. Only <see cref="Endpoints"/>,
/// <see cref="TokenProvider"/> and <see cref="DeviceId"/> have no useful default.
/// </summary>
public sealed partial class ImClientOptions
{
    /// <summary>Gateway addresses (http:// for cleartext h2c, https:// for TLS). Reconnects rotate through them.</summary>
    public IList<Uri> Endpoints { get; set; } = [];

    /// <summary>
    /// Called before every connect and every unary call, so it can refresh an expiring token.
    /// Returns the bare JWT; the SDK adds the "Bearer " prefix.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>Names this device to the server (1-64 chars of [A-Za-z0-9_.-]); one live stream per device.</summary>
    public string DeviceId { get; set; } = "";

    /// <summary>The device's saved sync cursor. The default forgets it when the process ends.</summary>
    public ICursorStore CursorStore { get; set; } = new InMemoryCursorStore();

    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Fraction (0-1) of each reconnect delay that is randomised downwards, so that many clients
    /// dropped by one gateway do not return in the same instant.
    /// </summary>
    public double ReconnectJitter { get; set; } = 0.5;

    /// <summary>Deadline of each unary call, and how long a connect waits for Welcome.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long SendAsync waits for the server's ack, across reconnects, before it gives up
    /// (the message may still have been stored: retry with the same client message id).
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits until the caller cancels.
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Unacknowledged sends kept for resending; one more makes SendAsync throw ResourceExhausted.</summary>
    public int MaxPendingSends { get; set; } = 1000;

    /// <summary>Cursor acks and saves are batched over this delay: one ack per burst of events, not one per event.</summary>
    public TimeSpan CursorAckDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Events waiting for the app. When full, delivery pauses (durable events are never dropped)
    /// and typing/presence signals are dropped.
    /// </summary>
    public int EventBufferCapacity { get; set; } = 10_000;

    /// <summary>Pushed events held while a gap before them is pulled; beyond this they are pulled again later.</summary>
    public int MaxBufferedSyncEvents { get; set; } = 10_000;

    /// <summary>HTTP/2 PING interval on an idle connection: finds dead TCP connections the stream alone would not notice.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Replaces how a channel is made for an endpoint (tests use it to reach an in-memory server;
    /// a load generator uses it to share connections between clients). Channels it returns
    /// belong to the caller: the client never disposes them. Null uses a SocketsHttpHandler with
    /// the keepalive settings above.
    /// </summary>
    public Func<Uri, GrpcChannel>? ChannelFactory { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Decides whether an https:// gateway's certificate is trusted (e.g. pin a private CA or a
    /// self-signed certificate by thumbprint, or <see cref="Connection.ServerCertificateTrust.FromPemFile"/>).
    /// Null trusts what the operating system trusts.
    /// Not used with <see cref="ChannelFactory"/>, whose channels carry their own TLS settings.
    /// </summary>
    public System.Net.Security.RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>A token provider for a token that never changes (scripts, tests).</summary>
    public static Func<CancellationToken, ValueTask<string>> FixedToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return _ => ValueTask.FromResult(token);
    }

    /// <summary>Every rule these options break, each naming the property; empty when valid.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (Endpoints is null || Endpoints.Count == 0)
        {
            errors.Add("Endpoints must list at least one gateway address, e.g. http://127.0.0.1:5000.");
        }
        else
        {
            foreach (var endpoint in Endpoints)
            {
                if (endpoint is null || !endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                {
                    errors.Add($"Endpoints: '{endpoint}' is not an absolute http:// or https:// address.");
                }
            }
        }

        if (TokenProvider is null)
        {
            errors.Add("TokenProvider is required (ImClientOptions.FixedToken(token) wraps a fixed token).");
        }

        if (string.IsNullOrEmpty(DeviceId) || !DeviceIdPattern().IsMatch(DeviceId))
        {
            errors.Add($"DeviceId '{DeviceId}' must be 1-64 chars of [A-Za-z0-9_.-].");
        }

        if (CursorStore is null)
        {
            errors.Add("CursorStore is required (InMemoryCursorStore or FileCursorStore).");
        }

        if (ReconnectInitialDelay <= TimeSpan.Zero)
        {
            errors.Add($"ReconnectInitialDelay must be positive, was {ReconnectInitialDelay}.");
        }

        if (ReconnectMaxDelay < ReconnectInitialDelay)
        {
            errors.Add($"ReconnectMaxDelay ({ReconnectMaxDelay}) must not be below ReconnectInitialDelay ({ReconnectInitialDelay}).");
        }

        if (double.IsNaN(ReconnectJitter) || ReconnectJitter < 0 || ReconnectJitter > 1)
        {
            errors.Add($"ReconnectJitter must be between 0 and 1, was {ReconnectJitter}.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"RequestTimeout must be positive, was {RequestTimeout}.");
        }

        if (SendTimeout <= TimeSpan.Zero && SendTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"SendTimeout must be positive or Timeout.InfiniteTimeSpan, was {SendTimeout}.");
        }

        if (MaxPendingSends < 1)
        {
            errors.Add($"MaxPendingSends must be at least 1, was {MaxPendingSends}.");
        }

        if (CursorAckDelay < TimeSpan.Zero)
        {
            errors.Add($"CursorAckDelay must not be negative, was {CursorAckDelay}.");
        }

        if (EventBufferCapacity < 1)
        {
            errors.Add($"EventBufferCapacity must be at least 1, was {EventBufferCapacity}.");
        }

        if (MaxBufferedSyncEvents < 1)
        {
            errors.Add($"MaxBufferedSyncEvents must be at least 1, was {MaxBufferedSyncEvents}.");
        }

        if (KeepAlivePingDelay <= TimeSpan.Zero || KeepAlivePingTimeout <= TimeSpan.Zero)
        {
            errors.Add("KeepAlivePingDelay and KeepAlivePingTimeout must be positive.");
        }

        if (TimeProvider is null)
        {
            errors.Add("TimeProvider is required.");
        }

        return errors;
    }

    /// <summary>Throws one <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid ImClientOptions: " + string.Join(" ", errors));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex DeviceIdPattern();
}
