using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansIm.Gateway.Auth;
using OrleansIm.Gateway.Options;
using OrleansIm.Gateway.Rooms;
using OrleansIm.Gateway.Telemetry;

namespace OrleansIm.Gateway.Connections;

/// <summary>
/// Ends Connect streams and room watches whose bearer token is no longer accepted: its
/// <c>exp</c> plus the configured clock skew has passed, or the key that verified it is no
/// longer trusted (removed from the JWKS file, as when it leaked). The token is checked once, when the
/// stream opens, and a stream can live for days, so without this a token stolen shortly before
/// it expired would keep its stream, and the user's pushes, for as long as the thief kept the
/// stream alive. A Connect stream gets GoAway and the SDK reconnects at once with a fresh token
/// from its token provider (its cursor resync makes the switch lossless); a watch gets
/// RoomClosed with TOKEN_EXPIRED and the SDK watches again. One sweep over the gateway's streams
/// per <see cref="GatewayOptions.TokenExpiryCheckInterval"/>, so an idle stream costs nothing extra.
/// </summary>
internal sealed class TokenExpiryEnforcer(
    ConnectionRegistry registry,
    LocalRoomDirectory rooms,
    IOptions<GatewayOptions> options,
    IOptions<JwtOptions> jwt,
    TrustedKeys keys,
    TimeProvider clock,
    ILogger<TokenExpiryEnforcer> logger) : BackgroundService
{
    public const string Reason = "the access token expired; reconnect with a fresh token";

    public const string KeyRemovedReason = "the key that signed the access token is no longer trusted; reconnect with a fresh token";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TokenExpiryCheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                EndExpired();
            }
            catch (Exception ex)
            {
                // A failed sweep must not stop the host (an unhandled exception in a background
                // service does); the next one tries again.
                logger.LogWarning(ex, "Looking for streams with expired tokens failed");
            }
        }
    }

    private void EndExpired()
    {
        // A token is refused once exp + skew has passed; the stream ends at the same moment.
        var refusedBefore = clock.GetUtcNow() - jwt.Value.ClockSkew;
        string? Refusal(DateTimeOffset expiresAt, string signingKey) =>
            expiresAt <= refusedBefore ? Reason
            : !keys.StillTrusts(signingKey) ? KeyRemovedReason
            : null;

        foreach (var connection in registry.All)
        {
            if (!connection.ClosedByServer && Refusal(connection.TokenExpiresAt, connection.TokenSigningKey) is { } reason)
            {
                connection.GoAway(reason, TimeSpan.Zero);
                GatewayMetrics.ConnectStreamExpired();
                logger.LogDebug("Ended the stream of {User}/{Device}: {Reason}", connection.UserId, connection.DeviceId, reason);
            }
        }
        foreach (var room in rooms.All)
        {
            GatewayMetrics.RoomWatchesExpired(room.CloseRefused(viewer => Refusal(viewer.TokenExpiresAt, viewer.TokenSigningKey)));
        }
    }
}
