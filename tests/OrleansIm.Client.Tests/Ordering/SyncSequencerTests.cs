using OrleansIm.Client.Ordering;
using OrleansIm.Client.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Tests.Ordering;

public sealed class SyncSequencerTests
{
    [Fact]
    public void Next_seq_is_ready_and_applying_it_moves_the_cursor()
    {
        var sequencer = new SyncSequencer(cursor: 5, maxHeld: 100);

        Assert.Equal(SyncOffer.Ready, sequencer.Offer(Frames.MessageEvent(6, "g:a", 1)));
        Assert.True(sequencer.TryPeekNext(out var next));
        sequencer.MarkApplied(next.SyncSeq);

        Assert.Equal(6, sequencer.Cursor);
        Assert.False(sequencer.TryPeekNext(out _));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Seq_at_or_below_the_cursor_is_a_duplicate(long seq)
    {
        var sequencer = new SyncSequencer(cursor: 5, maxHeld: 100);

        Assert.Equal(SyncOffer.Duplicate, sequencer.Offer(Frames.MessageEvent(seq, "g:a", 1)));
        Assert.False(sequencer.TryPeekNext(out _));
        Assert.Equal(5, sequencer.Cursor);
    }

    [Fact]
    public void The_same_seq_offered_twice_before_it_is_applied_is_held_once()
    {
        var sequencer = new SyncSequencer(cursor: 0, maxHeld: 100);

        Assert.Equal(SyncOffer.Gap, sequencer.Offer(Frames.MessageEvent(3, "g:a", 3)));
        Assert.Equal(SyncOffer.Duplicate, sequencer.Offer(Frames.MessageEvent(3, "g:a", 3)));
        Assert.Equal(1, sequencer.HeldCount);
    }

    [Fact]
    public void Seq_beyond_the_next_one_reports_a_gap_until_the_hole_is_filled()
    {
        var sequencer = new SyncSequencer(cursor: 5, maxHeld: 100);

        Assert.Equal(SyncOffer.Gap, sequencer.Offer(Frames.MessageEvent(8, "g:a", 3)));
        Assert.True(sequencer.HasGap);
        Assert.False(sequencer.TryPeekNext(out _));

        sequencer.Offer(Frames.MessageEvent(6, "g:a", 1));
        Assert.False(sequencer.HasGap);
    }

    [Fact]
    public void Out_of_order_events_come_out_in_seq_order()
    {
        var sequencer = new SyncSequencer(cursor: 0, maxHeld: 100);
        foreach (var seq in new long[] { 4, 2, 5, 1, 3 })
        {
            sequencer.Offer(Frames.MessageEvent(seq, "g:a", seq));
        }

        var applied = new List<long>();
        while (sequencer.TryPeekNext(out var next))
        {
            applied.Add(next.SyncSeq);
            sequencer.MarkApplied(next.SyncSeq);
        }

        Assert.Equal([1, 2, 3, 4, 5], applied);
        Assert.Equal(5, sequencer.Cursor);
    }

    [Fact]
    public void An_event_not_marked_applied_is_offered_again_next_time()
    {
        var sequencer = new SyncSequencer(cursor: 0, maxHeld: 100);
        sequencer.Offer(Frames.MessageEvent(1, "g:a", 1));

        Assert.True(sequencer.TryPeekNext(out var first));
        Assert.True(sequencer.TryPeekNext(out var again));
        Assert.Same(first, again);
        Assert.Equal(0, sequencer.Cursor);
    }

    [Fact]
    public void Applying_out_of_order_is_refused()
    {
        var sequencer = new SyncSequencer(cursor: 0, maxHeld: 100);

        Assert.Throws<InvalidOperationException>(() => sequencer.MarkApplied(2));
    }

    [Fact]
    public void When_full_events_far_ahead_are_dropped_but_the_next_one_is_always_kept()
    {
        var sequencer = new SyncSequencer(cursor: 0, maxHeld: 2);
        sequencer.Offer(Frames.MessageEvent(3, "g:a", 3));
        sequencer.Offer(Frames.MessageEvent(4, "g:a", 4));

        Assert.Equal(SyncOffer.Gap, sequencer.Offer(Frames.MessageEvent(5, "g:a", 5)));
        Assert.Equal(2, sequencer.HeldCount);

        Assert.Equal(SyncOffer.Ready, sequencer.Offer(Frames.MessageEvent(1, "g:a", 1)));
        Assert.True(sequencer.TryPeekNext(out var next));
        Assert.Equal(1, next.SyncSeq);
    }

    [Fact]
    public void Reset_to_a_lower_server_position_accepts_events_from_there()
    {
        var sequencer = new SyncSequencer(cursor: 50, maxHeld: 10);
        sequencer.Offer(Frames.MessageEvent(60, "g:a", 1));

        sequencer.ResetTo(3);

        Assert.Equal(0, sequencer.HeldCount);
        Assert.Equal(SyncOffer.Ready, sequencer.Offer(new SyncEvent { SyncSeq = 4, Read = new ReadMarker() }));
    }
}
