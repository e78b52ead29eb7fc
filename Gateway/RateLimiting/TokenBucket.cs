namespace OrleansIm.Gateway.RateLimiting;

/// <summary>
/// A classic token bucket refilled lazily from the clock on each take, so an idle bucket costs
/// no timer. Fractional tokens accumulate so a low rate (one per ten seconds) still refills.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly double _perSecond;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _stamp;

    public TokenBucket(BucketLimit limit, TimeProvider time)
    {
        _perSecond = limit.PerSecond;
        _burst = limit.Burst;
        _time = time;
        _tokens = _burst;
        _stamp = time.GetTimestamp();
    }

    /// <summary>Takes one token; when there is none, says how long until there will be one.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            Refill();
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
            return false;
        }
    }

    /// <summary>Gives back a token taken for a request that another budget then refused, so that refusal costs nothing here.</summary>
    public void Return()
    {
        lock (_gate)
        {
            _tokens = Math.Min(_burst, _tokens + 1);
        }
    }

    /// <summary>True when the bucket is back to its full burst: forgetting it now changes nothing a client could notice.</summary>
    public bool IsFull
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens >= _burst;
            }
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_stamp, now);
        _stamp = now;
        if (elapsed > TimeSpan.Zero)
        {
            _tokens = Math.Min(_burst, _tokens + (elapsed.TotalSeconds * _perSecond));
        }
    }
}
