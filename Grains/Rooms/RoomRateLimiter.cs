using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Grains.Rooms;

/// <summary>
/// One token bucket per room with a floor per priority tier. Every accepted message takes a
/// token; a tier is admitted only while the bucket holds more than its floor. As load drains
/// the bucket, likes (the highest floor) stop first, then chat; the high tier has no floor and
/// is always admitted, so under overload the room sheds strictly lowest class first.
/// </summary>
internal sealed class RoomRateLimiter
{
    private readonly TimeProvider _clock;
    private readonly double _capacity;
    private readonly double _perSecond;
    private readonly double _chatFloor;
    private readonly double _likeFloor;
    private double _tokens;
    private long _refilledAt;

    public RoomRateLimiter(TimeProvider clock, int messagesPerSecond, LiveRoomOptions options)
    {
        _clock = clock;
        _perSecond = messagesPerSecond;
        _capacity = options.BucketCapacity(messagesPerSecond);
        _chatFloor = options.ChatFloor * _capacity;
        _likeFloor = options.LikeFloor * _capacity;
        _tokens = _capacity;
        _refilledAt = clock.GetTimestamp();
    }

    /// <summary>True when admitted; otherwise how long until this tier would be admitted.</summary>
    public bool TryAcquire(RoomPriority priority, out TimeSpan retryAfter)
    {
        Refill();
        retryAfter = TimeSpan.Zero;
        if (priority == RoomPriority.High)
        {
            _tokens = Math.Max(0, _tokens - 1);
            return true;
        }
        var floor = priority == RoomPriority.Normal ? _chatFloor : _likeFloor;
        if (_tokens - 1 >= floor)
        {
            _tokens -= 1;
            return true;
        }
        retryAfter = TimeSpan.FromSeconds((floor + 1 - _tokens) / _perSecond);
        return false;
    }

    private void Refill()
    {
        var now = _clock.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + _clock.GetElapsedTime(_refilledAt, now).TotalSeconds * _perSecond);
        _refilledAt = now;
    }
}
