using Grpc.Core;
using OrleansIm.Client.Events;
using OrleansIm.Client.Ordering;
using OrleansIm.Client.Tests.Support;

namespace OrleansIm.Client.Tests.Ordering;

public sealed class SyncEventApplierTests
{
    private readonly FakeHistory _history = new();
    private readonly EventLog _log = new();

    private SyncEventApplier CreateApplier() => new(_history, _log.Writer) { UserId = "alice", MaxPageSize = 2 };

    [Fact]
    public async Task A_message_seen_twice_is_delivered_once()
    {
        var applier = CreateApplier();

        await applier.ApplyAsync(Frames.MessageEvent(1, "g:a", 5), default);
        await applier.ApplyAsync(Frames.MessageEvent(2, "g:a", 5), default);

        Assert.Equal(["g:a#5"], _log.DrainMessages());
        Assert.Empty(_history.Requests);
    }

    [Fact]
    public async Task A_conversation_gap_is_filled_from_history_before_the_message_that_revealed_it()
    {
        _history.Add("g:a", 1, 10);
        var applier = CreateApplier();

        await applier.ApplyAsync(Frames.MessageEvent(1, "g:a", 3), default);
        await applier.ApplyAsync(Frames.MessageEvent(2, "g:a", 8), default);

        Assert.Equal(["g:a#3", "g:a#4", "g:a#5", "g:a#6", "g:a#7", "g:a#8"], _log.DrainMessages());
        Assert.Equal(("g:a", 3L, 2), _history.Requests[0]);
        Assert.All(_history.Requests, r => Assert.True(r.Limit <= 2, "pages never exceed the server's max page size"));
    }

    [Fact]
    public async Task Messages_the_fill_delivered_are_not_delivered_again_when_their_events_arrive()
    {
        _history.Add("g:a", 1, 10);
        var applier = CreateApplier();
        await applier.ApplyAsync(Frames.MessageEvent(1, "g:a", 1), default);
        await applier.ApplyAsync(Frames.MessageEvent(2, "g:a", 4), default);
        _log.Drain();

        await applier.ApplyAsync(Frames.MessageEvent(3, "g:a", 2), default);
        await applier.ApplyAsync(Frames.MessageEvent(4, "g:a", 5), default);

        Assert.Equal(["g:a#5"], _log.DrainMessages());
    }

    [Fact]
    public async Task When_history_is_no_longer_visible_the_message_is_delivered_anyway()
    {
        _history.Failure = new ImClientException(StatusCode.PermissionDenied, "not a member");
        var applier = CreateApplier();
        await applier.ApplyAsync(Frames.MessageEvent(1, "g:a", 1), default);

        await applier.ApplyAsync(Frames.MessageEvent(2, "g:a", 9), default);

        Assert.Equal(["g:a#1", "g:a#9"], _log.DrainMessages());
    }

    [Fact]
    public async Task A_transient_history_failure_propagates_and_leaves_the_message_undelivered()
    {
        var applier = CreateApplier();
        await applier.ApplyAsync(Frames.MessageEvent(1, "g:a", 1), default);
        _log.Drain();
        _history.Failure = new ImClientException(StatusCode.Unavailable, "gateway down");

        await Assert.ThrowsAsync<ImClientException>(async () => await applier.ApplyAsync(Frames.MessageEvent(2, "g:a", 4), default));
        Assert.Empty(_log.DrainMessages());

        _history.Failure = null;
        _history.Add("g:a", 2, 4);
        await applier.ApplyAsync(Frames.MessageEvent(2, "g:a", 4), default);
        Assert.Equal(["g:a#2", "g:a#3", "g:a#4"], _log.DrainMessages());
    }

    [Fact]
    public async Task Own_messages_are_marked_and_read_markers_pass_through()
    {
        var applier = CreateApplier();

        await applier.ApplyAsync(Frames.MessageEvent(1, "g:a", 1, sender: "alice"), default);
        await applier.ApplyAsync(Frames.ReadEvent(2, "g:a", 1), default);

        var events = _log.Drain();
        Assert.True(Assert.IsType<MessageReceived>(events[0]).IsOwn);
        Assert.Equal(1, Assert.IsType<ReadMarkerChanged>(events[1]).Marker.ReadSeq);
    }
}
