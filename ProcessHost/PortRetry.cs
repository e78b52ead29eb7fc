namespace OrleansIm.ProcessHost;

/// <summary>
/// A port picked as free can be taken by another process before the child binds it; the child
/// then exits at once. Starting again on freshly picked ports fixes that race.
/// </summary>
internal static class PortRetry
{
    private const int MaxAttempts = 5;

    public static async Task StartAsync(Func<Task> startOnce, ChildProcess process, Action pickNewPorts)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await startOnce();
                return;
            }
            catch (InvalidOperationException ex) when (attempt < MaxAttempts && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await process.KillAsync();
                pickNewPorts();
            }
        }
    }
}
