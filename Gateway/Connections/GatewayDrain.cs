using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansIm.Gateway.Options;

namespace OrleansIm.Gateway.Connections;

/// <summary>On shutdown, tells every client to reconnect (elsewhere) before the streams are cut.</summary>
internal sealed class GatewayDrain(
    IHostApplicationLifetime lifetime,
    ConnectionRegistry registry,
    IOptions<GatewayOptions> options,
    ILogger<GatewayDrain> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            var connections = registry.All.ToList();
            logger.LogInformation("Draining {Count} client streams", connections.Count);
            foreach (var connection in connections)
            {
                connection.GoAway("the gateway is shutting down", options.Value.DrainReconnectDelay);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
