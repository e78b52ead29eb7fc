using OrleansIm.Grains.Storage;
using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Silo.Diagnostics;

/// <summary>
/// Says at start-up whether the embedded store's writer thread got the priority it was
/// configured with (<c>OrleansIm:Storage:WriterNice</c>): a node refused it still works, but
/// under load its commits wait behind the thread pool, so the operator should know why.
/// </summary>
internal sealed class WriterPriorityReport(IMessageStore store, ILogger<WriterPriorityReport> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store is not SqliteMessageStore sqlite)
        {
            return;
        }
        var priority = await sqlite.WriterPriority.WaitAsync(cancellationToken);
        if (priority.Problem is { } problem)
        {
            logger.LogWarning("The message store's writer thread runs at normal priority, not nice {Nice}: {Problem}. Grant CAP_SYS_NICE, raise RLIMIT_NICE, or set OrleansIm:Storage:WriterNice to 0 to silence this", priority.RequestedNice, problem);
        }
        else if (priority.RequestedNice != 0)
        {
            logger.LogInformation("The message store's writer thread {ThreadId} runs at nice {Nice}", priority.ThreadId, priority.RequestedNice);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
