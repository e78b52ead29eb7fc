using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansIm.Gateway.GrainAccess;
using OrleansIm.Gateway.Options;
using OrleansIm.Grains.Interfaces.Security;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Interfaces.Gateway;

namespace OrleansIm.Gateway.Connections;

/// <summary>
/// Re-registers every local stream with its user grain periodically. This keeps the user
/// grains active while their devices are connected, restores registrations after a user grain
/// moved to another silo, and lets registrations of a dead gateway expire.
/// </summary>
internal sealed class ConnectionRefresher(
    GrainReferences grains,
    ConnectionRegistry registry,
    ObserverReference<IGatewayObserver, GatewayObserver> observer,
    IOptions<GatewayOptions> options,
    ILogger<ConnectionRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var connection in registry.All.ToList())
            {
                try
                {
                    // On behalf of the stream's user, whom the gateway authenticated when the
                    // stream opened: the grains check the caller of every call from a client.
                    CallerContext.Set(connection.UserId, CallerRoles.None);
                    await grains.User(connection.UserId).Refresh(connection.DeviceId, connection.ConnectionId, observer.Reference);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Refreshing {User}/{Device} failed", connection.UserId, connection.DeviceId);
                }
            }
        }
    }
}
