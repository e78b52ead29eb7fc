using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansIm.Gateway.Telemetry;

namespace OrleansIm.Gateway.RateLimiting;

/// <summary>
/// Decides whether a request fits its budgets: the stream's own (when it came on a stream)
/// and the user's at this gateway. Users' buckets are forgotten once they have refilled, so
/// the table holds only users who were busy recently, not everyone ever seen.
/// </summary>
public sealed class GatewayRateLimiter
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(60);

    private readonly RateLimitOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, BucketSet> _users = new(StringComparer.Ordinal);
    private long _lastSweep;
    private int _sweeping;

    public GatewayRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _lastSweep = time.GetTimestamp();
    }

    /// <summary>Buckets for one stream, to be passed to <see cref="Check"/> for requests that stream carries.</summary>
    public BucketSet NewConnectionBuckets() => new(c => _options.For(c).PerConnection, _time);

    /// <summary>Null when the request may proceed (its tokens are taken); otherwise the refusal to send back.</summary>
    public RateRefusal? Check(string userId, RateCategory category, BucketSet? connection = null)
    {
        if (!_options.Enabled)
        {
            return null;
        }
        var connectionBucket = connection?.For(category);
        if (connectionBucket is not null && !connectionBucket.TryTake(out var connectionWait))
        {
            GatewayMetrics.RateRefused(MetricLabel(category), perUser: false);
            return new RateRefusal(category, PerUser: false, connectionWait);
        }
        var user = _users.GetOrAdd(userId, _ => new BucketSet(c => _options.For(c).PerUser, _time));
        if (!user.For(category).TryTake(out var userWait))
        {
            connectionBucket?.Return();
            GatewayMetrics.RateRefused(MetricLabel(category), perUser: true);
            return new RateRefusal(category, PerUser: true, userWait);
        }
        SweepIfDue();
        return null;
    }

    private static string MetricLabel(RateCategory category) => category switch
    {
        RateCategory.Send => "send",
        RateCategory.Join => "join",
        _ => "query",
    };

    private void SweepIfDue()
    {
        if (_time.GetElapsedTime(Volatile.Read(ref _lastSweep)) < SweepInterval || Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }
        try
        {
            Volatile.Write(ref _lastSweep, _time.GetTimestamp());
            foreach (var (userId, buckets) in _users)
            {
                // A request racing with this removal may take from the forgotten set: at worst
                // one token is not counted, which errs towards the client.
                if (buckets.IsFull)
                {
                    _users.TryRemove(new KeyValuePair<string, BucketSet>(userId, buckets));
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
