using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansIm.Grains.Interfaces.Bans;
using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Grains.Bans;

/// <summary>
/// Reloads this silo's <see cref="BanList"/> from the ban list grain every
/// <see cref="BanOptions.RefreshInterval"/>, from the moment the silo is active until it stops
/// (earlier there is no grain to ask).
/// </summary>
internal sealed class BanListRefresher(IGrainFactory grains, BanList bans, IOptions<BanOptions> options, ILogger<BanListRefresher> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public const string ServiceUserId = "system:ban-refresher";

    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(BanListRefresher), ServiceLifecycleStage.Active, _ =>
        {
            _loop = Task.Run(RunAsync);
            return Task.CompletedTask;
        }, async _ =>
        {
            await _stopping.CancelAsync();
            await _loop;
        });

    private async Task RunAsync()
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
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                // Keep the last copy: a silo that cannot reach the list still enforces what it knew.
                logger.LogWarning(ex, "Reloading the ban list failed; keeping the previous copy");
            }
        }
        while (await WaitAsync(timer));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
