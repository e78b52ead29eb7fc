using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Ordering;

/// <summary>
/// Turns events that arrive in any order, some twice (push and pull overlap), into one run in
/// strict user sync seq order. The cursor moves only when the caller reports an event applied,
/// so an event whose application fails is applied again after the resync that follows.
/// Not thread-safe: one connection's processing loop owns it.
/// </summary>
internal sealed class SyncSequencer
{
    private readonly SortedDictionary<long, SyncEvent> _held = new();
    private readonly int _maxHeld;

    public SyncSequencer(long cursor, int maxHeld)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeld, 1);
        Cursor = cursor;
        _maxHeld = maxHeld;
    }

    /// <summary>The highest sync seq applied; everything at or below it has been applied once.</summary>
    public long Cursor { get; private set; }

    /// <summary>Events are held beyond a hole that only a pull can fill.</summary>
    public bool HasGap => _held.Count > 0 && !_held.ContainsKey(Cursor + 1);

    public int HeldCount => _held.Count;

    public SyncOffer Offer(SyncEvent syncEvent)
    {
        var seq = syncEvent.SyncSeq;
        if (seq <= Cursor || _held.ContainsKey(seq))
        {
            return SyncOffer.Duplicate;
        }

        // When full, an event far ahead is dropped rather than held: the pull the gap triggers
        // returns it again, so memory stays bounded without losing anything.
        if (_held.Count < _maxHeld || seq == Cursor + 1)
        {
            _held[seq] = syncEvent;
        }

        return seq == Cursor + 1 ? SyncOffer.Ready : SyncOffer.Gap;
    }

    /// <summary>The event at cursor + 1, if held.</summary>
    public bool TryPeekNext(out SyncEvent next) => _held.TryGetValue(Cursor + 1, out next!);

    /// <summary>Moves the cursor past the event returned by <see cref="TryPeekNext"/>.</summary>
    public void MarkApplied(long syncSeq)
    {
        if (syncSeq != Cursor + 1)
        {
            throw new InvalidOperationException($"Sync seq {syncSeq} applied out of order; the cursor is {Cursor}.");
        }

        _held.Remove(syncSeq);
        Cursor = syncSeq;
    }

    /// <summary>
    /// The server answered a pull with an event beyond cursor + 1: the seqs in between do not
    /// exist (a hole a storage failure left), so waiting for them would never end.
    /// </summary>
    public void SkipHoleBefore(long syncSeq)
    {
        if (syncSeq - 1 <= Cursor)
        {
            return;
        }
        foreach (var held in _held.Keys.Where(k => k < syncSeq).ToList())
        {
            _held.Remove(held);
        }
        Cursor = syncSeq - 1;
    }

    /// <summary>
    /// The server's latest sync seq is below our cursor (its data was reset, or this device id
    /// was reused): the server is the source of truth, so start over from its position.
    /// </summary>
    public void ResetTo(long cursor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        _held.Clear();
        Cursor = cursor;
    }
}
