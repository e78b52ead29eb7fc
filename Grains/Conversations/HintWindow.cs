namespace OrleansIm.Grains.Conversations;

/// <summary>
/// Merges a large group's "advanced" hints: the first advance after a quiet window is sent at
/// once (no added latency for a quiet group); later ones in the same window wait for its end
/// and go out as one hint carrying the newest seq. So consecutive hints are at least one window
/// apart however busy the group is. Pure logic over a clock; the grain owns the timer.
/// </summary>
internal sealed class HintWindow(TimeProvider clock, TimeSpan window, long announcedSeq)
{
    private long _announced = announcedSeq;
    private long _pending = announcedSeq;
    private DateTimeOffset _sentAt = DateTimeOffset.MinValue;

    /// <summary>The seq the last hint announced.</summary>
    public long Announced => _announced;

    public bool HasPending => _pending > _announced;

    /// <summary>Records an advance; true when a hint may go out now, else the caller waits <see cref="Remaining"/>.</summary>
    public bool Advance(long seq)
    {
        _pending = Math.Max(_pending, seq);
        return HasPending && Remaining() <= TimeSpan.Zero;
    }

    /// <summary>How long until the current window ends.</summary>
    public TimeSpan Remaining()
    {
        var elapsed = clock.GetUtcNow() - _sentAt;
        return elapsed >= window ? TimeSpan.Zero : window - elapsed;
    }

    /// <summary>The range to announce, and starts a new window; (0, 0) when nothing is pending.</summary>
    public (long PreviousSeq, long LastSeq) Take()
    {
        if (!HasPending)
        {
            return (0, 0);
        }
        var previous = _announced;
        _announced = _pending;
        _sentAt = clock.GetUtcNow();
        return (previous, _pending);
    }
}
