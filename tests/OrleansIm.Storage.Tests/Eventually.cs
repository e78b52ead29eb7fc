namespace OrleansIm.Storage.Tests;

/// <summary>Waiting for a condition instead of sleeping for a guessed time.</summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Checks <paramref name="condition"/> every 50 ms until it holds; fails the test after <paramref name="timeout"/> (30 s).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string waitingFor, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        using var deadline = new CancellationTokenSource(limit);
        while (!await condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Gave up after {limit.TotalSeconds:0} s waiting for {waitingFor}.");
            }
        }
    }
}
