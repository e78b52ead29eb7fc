using Microsoft.Extensions.Time.Testing;
using OrleansIm.Gateway.LargeGroups;

namespace OrleansIm.Gateway.Tests.LargeGroups;

/// <summary>A large group's hint reaches a gateway's members over the spread, each once, each at the same offset every time.</summary>
public sealed class HintSpreaderTests
{
    private static readonly string[] Members = [.. Enumerable.Range(0, 1_000).Select(i => $"member-{i}")];

    [Fact]
    public void Every_member_is_told_once_and_no_later_than_the_spread()
    {
        var clock = new FakeTimeProvider();
        var spreader = new HintSpreader(TimeSpan.FromMilliseconds(100), clock);
        var told = new List<(string User, TimeSpan At)>();
        var start = clock.GetUtcNow();

        spreader.Spread(Members, user => told.Add((user, clock.GetUtcNow() - start)));
        for (var step = 0; step < 10; step++)
        {
            clock.Advance(HintSpreader.SlotWidth);
        }

        Assert.Equal(Members.Order(StringComparer.Ordinal), told.Select(t => t.User).Order(StringComparer.Ordinal));
        Assert.All(told, t => Assert.Equal(spreader.DelayOf(t.User), t.At));
        Assert.All(told, t => Assert.InRange(t.At, TimeSpan.Zero, TimeSpan.FromMilliseconds(90)));
    }

    [Fact]
    public void The_members_are_spread_over_every_slot_not_told_together()
    {
        var spreader = new HintSpreader(TimeSpan.FromMilliseconds(100), new FakeTimeProvider());

        var perSlot = Members.GroupBy(spreader.DelayOf).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(10, perSlot.Count);
        // 100 per slot on average; a hash that put a third in one slot would undo the spread.
        Assert.All(perSlot.Values, count => Assert.InRange(count, 50, 150));
    }

    [Fact]
    public void A_member_keeps_its_slot_across_hints_and_gateways_so_its_hints_stay_a_window_apart()
    {
        var first = new HintSpreader(TimeSpan.FromMilliseconds(100), new FakeTimeProvider());
        var restarted = new HintSpreader(TimeSpan.FromMilliseconds(100), new FakeTimeProvider());

        Assert.All(Members, m => Assert.Equal(first.DelayOf(m), restarted.DelayOf(m)));
    }

    [Fact]
    public void Members_not_yet_due_are_not_told_before_their_slot()
    {
        var clock = new FakeTimeProvider();
        var spreader = new HintSpreader(TimeSpan.FromMilliseconds(100), clock);
        var told = new HashSet<string>();

        spreader.Spread(Members, user => told.Add(user));

        Assert.Equal(Members.Where(m => spreader.DelayOf(m) == TimeSpan.Zero).ToHashSet(), told);
        clock.Advance(TimeSpan.FromMilliseconds(45));
        Assert.Equal(Members.Where(m => spreader.DelayOf(m) <= TimeSpan.FromMilliseconds(45)).ToHashSet(), told);
    }

    [Fact]
    public void A_zero_spread_tells_everyone_at_once()
    {
        var spreader = new HintSpreader(TimeSpan.Zero, new FakeTimeProvider());
        var told = new List<string>();

        spreader.Spread(Members, told.Add);

        Assert.Equal(Members, told);
    }
}
