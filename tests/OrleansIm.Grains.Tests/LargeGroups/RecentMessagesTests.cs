using OrleansIm.Grains.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Storage;

namespace OrleansIm.Grains.Tests.LargeGroups;

/// <summary>The in-memory tail a large group answers hint pulls from: whole answers or none.</summary>
public sealed class RecentMessagesTests
{
    private static MessageRecord Text(long seq, string text = "hi") => new("g-1", seq, "alice", $"c{seq}", 1_000 + seq, new TextBody(text));

    [Fact]
    public void A_forward_read_inside_the_tail_is_answered_in_seq_order_up_to_the_limit()
    {
        var recent = new RecentMessages(100, long.MaxValue);
        for (var seq = 1; seq <= 10; seq++)
        {
            recent.Add(Text(seq), update: null);
        }

        Assert.True(recent.TryReadForward(3, 4, out var page));
        Assert.Equal([4L, 5, 6, 7], page.Select(m => m.Seq));
        Assert.True(recent.TryReadForward(8, 50, out page));
        Assert.Equal([9L, 10], page.Select(m => m.Seq));
        Assert.True(recent.TryReadForward(10, 50, out page));
        Assert.Empty(page);
    }

    [Fact]
    public void What_the_tail_does_not_hold_whole_goes_to_the_store()
    {
        var recent = new RecentMessages(5, long.MaxValue);
        Assert.False(recent.TryReadForward(0, 10, out _));
        for (var seq = 1; seq <= 10; seq++)
        {
            recent.Add(Text(seq), update: null);
        }
        recent.Add(Text(12), update: null);

        Assert.False(recent.TryReadForward(2, 10, out _));   // 3..7 were evicted
        Assert.False(recent.TryReadForward(9, 10, out _));   // 11 is missing
        Assert.False(recent.TryReadForward(20, 10, out _));  // past the newest
    }

    [Fact]
    public void Edits_and_recalls_change_the_kept_message_as_the_store_does()
    {
        var recent = new RecentMessages(100, long.MaxValue);
        recent.Add(Text(1, "first"), update: null);
        recent.Add(Text(2, "second"), update: null);
        recent.Add(new MessageRecord("g-1", 3, "alice", "c3", 2_000, new EditBody(1, new TextBody("first, edited"))), new MessageUpdate(1, new TextBody("first, edited"), 2_000, Recalled: false));
        recent.Add(new MessageRecord("g-1", 4, "alice", "c4", 3_000, new RecallBody(2)), new MessageUpdate(2, NewBody: null, 0, Recalled: true));

        Assert.True(recent.TryReadForward(0, 10, out var page));
        Assert.Equal(new TextBody("first, edited"), page[0].Body);
        Assert.Equal(2_000, page[0].EditedAtMs);
        Assert.Null(page[1].Body);
        Assert.True(page[1].Recalled);
        Assert.Equal(4, page.Count);
    }

    [Fact]
    public void The_byte_bound_evicts_the_oldest_first_and_zero_messages_keeps_nothing()
    {
        var recent = new RecentMessages(100, 3 * (200 + 2_000));
        for (var seq = 1; seq <= 5; seq++)
        {
            recent.Add(Text(seq, new string('x', 1_000)), update: null);
        }
        Assert.False(recent.TryReadForward(1, 10, out _));
        Assert.True(recent.TryReadForward(2, 10, out var page));
        Assert.Equal([3L, 4, 5], page.Select(m => m.Seq));

        var off = new RecentMessages(0, long.MaxValue);
        off.Add(Text(1), update: null);
        Assert.False(off.TryReadForward(0, 10, out _));
    }
}
