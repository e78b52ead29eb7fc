namespace OrleansIm.Bench.References;

/// <summary>
/// What the publisher and all subscribers of one run share: every delivery (warm-up included),
/// the closed loop's credits, the end of the measured window, and the drain condition.
/// </summary>
internal sealed class FanOutProgress
{
    private readonly int _membersPerGroup;
    private readonly SemaphoreSlim? _credits;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _deliveries;
    private long _drainTarget = long.MaxValue;
    private long _windowEnd = long.MaxValue;

    /// <param name="creditMessages">Messages the closed loop may have in flight; null for an open loop, which needs no credits.</param>
    public FanOutProgress(int membersPerGroup, int? creditMessages)
    {
        _membersPerGroup = membersPerGroup;
        _credits = creditMessages is { } credits ? new SemaphoreSlim(credits) : null;
    }

    /// <summary>True while the measured window is open (measured messages are only published inside it).</summary>
    public bool InWindow(long timestamp) => timestamp <= Volatile.Read(ref _windowEnd);

    public void CloseWindow(long timestamp) => Volatile.Write(ref _windowEnd, timestamp);

    public void OnDelivery()
    {
        var deliveries = Interlocked.Increment(ref _deliveries);
        // Every message has the same number of deliveries, so one credit per that many
        // deliveries returns one message's worth, whichever messages they were. A lost
        // delivery keeps a fraction of a credit: the window narrows, it never widens.
        if (_credits is not null && deliveries % _membersPerGroup == 0)
        {
            _credits.Release();
        }
        if (deliveries >= Volatile.Read(ref _drainTarget))
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Closed loop: waits for room to publish one more message; false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitForCreditAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _credits?.WaitAsync(timeout, cancellationToken) ?? Task.FromResult(true);

    /// <summary>Waits until <paramref name="expectedDeliveries"/> have arrived in total; false when the timeout passed first.</summary>
    public async Task<bool> DrainAsync(long expectedDeliveries, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _drainTarget, expectedDeliveries);
        if (Interlocked.Read(ref _deliveries) >= expectedDeliveries)
        {
            return true;
        }
        try
        {
            await _drained.Task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
