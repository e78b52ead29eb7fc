using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Storage;

namespace OrleansIm.Silo.Recovery;

/// <summary>
/// At start-up, wakes every conversation whose fan-out a previous stop cut short, so a message
/// acknowledged just before a crash reaches every member's sync log even if nobody writes to
/// that conversation again.
/// </summary>
internal sealed class DeliveryRecovery(
    IMessageStore store,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    ILogger<DeliveryRecovery> logger) : BackgroundService
{
    private const int PageSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grains can be called once the silo (a hosted service started before this one) is up
        // and the host reports started.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        var woken = 0;
        var after = "";
        while (!stoppingToken.IsCancellationRequested)
        {
            var page = await store.ListUndeliveredConversationsAsync(after, PageSize, stoppingToken);
            foreach (var conversationId in page)
            {
                try
                {
                    await grains.GetGrain<IConversationGrain>(conversationId).Wake();
                    woken++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not resume delivery of {Conversation}; it resumes on its next use", conversationId);
                }
            }
            if (page.Count < PageSize)
            {
                break;
            }
            after = page[^1];
        }
        if (woken > 0)
        {
            logger.LogInformation("Resumed delivery in {Count} conversations", woken);
        }
    }
}
