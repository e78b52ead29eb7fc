using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansIm.Grains.Interfaces.Bans;
using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Grains.Bans;

/// <summary>Reloads this silo's <see cref="BanList"/> from the ban list grain every <see cref="BanOptions.RefreshInterval"/>.</summary>
internal sealed class BanListRefresher(IGrainFactory grains, BanList bans, IOptions<BanOptions> options, ILogger<BanListRefresher> logger) : BackgroundService
{
    public const string ServiceUserId = "system:ban-refresher";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        do
        {
            try
            {
                // The list is for admins and services; this silo reads it as a service of its own.
                CallerContext.Set(ServiceUserId, CallerRoles.Service);
                bans.Replace(await grains.GetGrain<IPlatformBansGrain>(IPlatformBansGrain.Key).List());
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Keep the last copy: a silo that cannot reach the list still enforces what it knew.
                logger.LogWarning(ex, "Reloading the ban list failed; keeping the previous copy");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
