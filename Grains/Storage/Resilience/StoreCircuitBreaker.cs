namespace OrleansIm.Grains.Storage.Resilience;

/// <summary>
/// Closed: every write goes to the store. After <see cref="StoreCircuitBreakerOptions.FailureThreshold"/>
/// failed batches in a row it opens: writes are refused at once instead of each waiting for the
/// store's own timeouts. After <see cref="StoreCircuitBreakerOptions.BreakDuration"/> it is half
/// open: the next write is admitted as the probe, and writes that arrive while it is in flight
/// queue behind it. Success closes the breaker and they go to the store; failure opens it again
/// for another break and fails them unseen (<see cref="AdmitBatch"/>). Refusing them instead
/// would turn away sends for a whole break just as the store came back, and a background write
/// (a delivery mark, a snapshot) that happened to be the probe would decide whose send fails.
/// </summary>
/// <remarks>Shared by the queue's callers (any thread) and the single writer; one lock keeps the three states consistent.</remarks>
internal sealed class StoreCircuitBreaker(StoreCircuitBreakerOptions options, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private int _consecutiveFailures;
    private long _openUntil;
    private bool _probing;
    private bool _open;

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>Null when a write may be queued; otherwise why not. Entering half-open admits the caller as the probe; while it is in flight, others queue behind it.</summary>
    public StoreUnavailableException? RefuseWrite()
    {
        if (options.FailureThreshold == 0)
        {
            return null;
        }
        lock (_lock)
        {
            if (!_open)
            {
                return null;
            }
            if (_probing)
            {
                return null;
            }
            var now = clock.GetTimestamp();
            if (now < _openUntil)
            {
                return new StoreUnavailableException(clock.GetElapsedTime(now, _openUntil));
            }
            _probing = true;
            return null;
        }
    }

    /// <summary>The refusal for writes that were queued before the breaker opened.</summary>
    public StoreUnavailableException Refusal() => new(options.BreakDuration);

    /// <summary>Whether a batch taken from the queue may go to the store; false fails it unseen (queued before the breaker opened).</summary>
    public bool AdmitBatch()
    {
        lock (_lock)
        {
            return !_open || _probing;
        }
    }

    public void RecordSuccess()
    {
        lock (_lock)
        {
            _consecutiveFailures = 0;
            _open = false;
            _probing = false;
        }
    }

    public void RecordFailure()
    {
        if (options.FailureThreshold == 0)
        {
            return;
        }
        lock (_lock)
        {
            _consecutiveFailures++;
            if (_probing || _consecutiveFailures >= options.FailureThreshold)
            {
                _open = true;
                _probing = false;
                _openUntil = clock.GetTimestamp() + (long)(options.BreakDuration.TotalSeconds * clock.TimestampFrequency);
            }
        }
    }
}
