namespace OrleansIm.Gateway.RateLimiting;

/// <summary>
/// One bucket per <see cref="RateCategory"/> for one stream or one user, each made on first
/// use: most streams never query or join, and an idle stream should cost as little as possible.
/// </summary>
public sealed class BucketSet(Func<RateCategory, BucketLimit> limits, TimeProvider time)
{
    private readonly TokenBucket?[] _buckets = new TokenBucket?[3];

    public TokenBucket For(RateCategory category)
    {
        var index = (int)category;
        var bucket = Volatile.Read(ref _buckets[index]);
        if (bucket is not null)
        {
            return bucket;
        }
        Interlocked.CompareExchange(ref _buckets[index], new TokenBucket(limits(category), time), null);
        return _buckets[index]!;
    }

    public bool IsFull => _buckets.All(b => b is null || b.IsFull);
}
