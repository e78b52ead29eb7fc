namespace OrleansIm.Grains.Storage.Resilience;

/// <summary>
/// A write refused without being tried because the store's circuit breaker is open: nothing of
/// it was queued or written, so its caller may undo what it prepared and retry later.
/// </summary>
public sealed class StoreUnavailableException(TimeSpan retryAfter)
    : Exception($"The message store is failing; writes are refused for up to {retryAfter.TotalSeconds:0.#} s while it recovers.")
{
    /// <summary>When the breaker lets its next probe through.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
