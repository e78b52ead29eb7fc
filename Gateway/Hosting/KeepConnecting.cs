using Microsoft.Extensions.Logging;

namespace OrleansIm.Gateway.Hosting;

/// <summary>
/// A standalone gateway may start before any silo (or while every silo restarts): it keeps
/// trying to reach the cluster instead of exiting, and is not ready until it has.
/// </summary>
internal sealed class KeepConnecting(TimeSpan delay, ILogger logger) : IClientConnectionRetryFilter
{
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        logger.LogWarning("Cannot reach the cluster yet (attempt {Attempt}): {Reason}; retrying in {Delay}", attempt, exception.Message, delay);
        await Task.Delay(delay, cancellationToken);
        return true;
    }
}
