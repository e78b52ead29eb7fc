namespace OrleansIm.Gateway.LargeGroups;

/// <summary>
/// Tells a large group's local members of a hint window over a short spread instead of all at
/// once (docs/large-groups.md). Every member told pulls the window at once, so a hint to a
/// hundred members here is a hundred pulls and a hundred pages written in the same millisecond;
/// the sends of that moment, members' own acks included, queue behind them. Each member has a
/// fixed slot in the spread, chosen by a hash of their id, so the hints one member gets stay a
/// whole hint window apart: the at-most-one-hint-per-window rule holds per member.
/// </summary>
public sealed class HintSpreader(TimeSpan spread, TimeProvider clock)
{
    /// <summary>Slots are this far apart; finer than the timers' resolution would not spread more.</summary>
    public static readonly TimeSpan SlotWidth = TimeSpan.FromMilliseconds(10);

    private readonly int _slots = Math.Max(1, (int)(spread.Ticks / SlotWidth.Ticks));

    /// <summary>When the member named is told, counted from the hint's arrival here: the same for every hint.</summary>
    public TimeSpan DelayOf(string userId) => SlotWidth * SlotOf(userId);

    /// <summary>Calls <paramref name="tell"/> for each member, the first slot at once and the others on timers.</summary>
    public void Spread(string[] userIds, Action<string> tell)
    {
        if (_slots == 1 || userIds.Length == 1)
        {
            foreach (var userId in userIds)
            {
                tell(userId);
            }
            return;
        }
        var later = new List<string>?[_slots];
        foreach (var userId in userIds)
        {
            var slot = SlotOf(userId);
            if (slot == 0)
            {
                tell(userId);
            }
            else
            {
                (later[slot] ??= []).Add(userId);
            }
        }
        for (var slot = 1; slot < _slots; slot++)
        {
            if (later[slot] is { } members)
            {
                new DelayedTell(members, tell).Start(clock, SlotWidth * slot);
            }
        }
    }

    /// <summary>FNV-1a over the id: stable across processes, unlike string.GetHashCode, so a member keeps its slot when a gateway restarts.</summary>
    private int SlotOf(string userId)
    {
        var hash = 2166136261u;
        foreach (var c in userId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % (uint)_slots);
    }
}
