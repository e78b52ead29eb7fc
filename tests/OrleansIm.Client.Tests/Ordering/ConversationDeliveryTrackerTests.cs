using OrleansIm.Client.Ordering;

namespace OrleansIm.Client.Tests.Ordering;

public sealed class ConversationDeliveryTrackerTests
{
    [Fact]
    public void A_conversation_never_seen_starts_at_whatever_seq_arrives_first()
    {
        var tracker = new ConversationDeliveryTracker();

        Assert.Equal(DeliveryDecision.Deliver, tracker.Classify("g:a", 42, out _));
    }

    [Fact]
    public void Seq_at_or_below_the_last_delivered_is_a_duplicate()
    {
        var tracker = new ConversationDeliveryTracker();
        tracker.MarkDelivered("g:a", 7);

        Assert.Equal(DeliveryDecision.Duplicate, tracker.Classify("g:a", 7, out _));
        Assert.Equal(DeliveryDecision.Duplicate, tracker.Classify("g:a", 2, out _));
        Assert.Equal(DeliveryDecision.Deliver, tracker.Classify("g:a", 8, out _));
    }

    [Fact]
    public void A_skipped_seq_is_a_gap_that_names_the_last_delivered()
    {
        var tracker = new ConversationDeliveryTracker();
        tracker.MarkDelivered("g:a", 7);

        Assert.Equal(DeliveryDecision.Gap, tracker.Classify("g:a", 10, out var last));
        Assert.Equal(7, last);
    }

    [Fact]
    public void Conversations_are_tracked_separately()
    {
        var tracker = new ConversationDeliveryTracker();
        tracker.MarkDelivered("g:a", 7);

        Assert.Equal(DeliveryDecision.Deliver, tracker.Classify("g:b", 1, out _));
        Assert.Equal(DeliveryDecision.Duplicate, tracker.Classify("g:a", 1, out _));
    }

    [Fact]
    public void Marking_an_older_seq_never_moves_the_position_back()
    {
        var tracker = new ConversationDeliveryTracker();
        tracker.MarkDelivered("g:a", 9);
        tracker.MarkDelivered("g:a", 4);

        Assert.True(tracker.TryGetLastDelivered("g:a", out var last));
        Assert.Equal(9, last);
    }
}
