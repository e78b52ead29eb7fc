using OrleansIm.Client.Events;
using OrleansIm.Client.Ordering;
using OrleansIm.Client.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Tests.Ordering;

public sealed class SyncCoordinatorTests
{
    private readonly EventLog _log = new();
    private readonly List<ClientFrame> _sent = [];
    private int _cursorNotifications;

    private SyncCoordinator Attach(long cursor = 0, long serverLatest = long.MaxValue)
    {
        var applier = new SyncEventApplier(new FakeHistory(), _log.Writer);
        var coordinator = new SyncCoordinator(new SyncSequencer(cursor, 100), applier, () => _cursorNotifications++);
        coordinator.Attach(frame =>
        {
            _sent.Add(frame);
            return true;
        }, serverLatest);
        return coordinator;
    }

    private List<long> PullsAfter() => _sent.Where(f => f.KindCase == ClientFrame.KindOneofCase.Sync).Select(f => f.Sync.After).ToList();

    [Fact]
    public async Task Resync_pulls_page_after_page_until_has_more_is_false_then_reports_completion()
    {
        var coordinator = Attach(cursor: 10);
        coordinator.BeginResync();
        Assert.Equal([10], PullsAfter());

        var first = await coordinator.OnSyncPageAsync(Frames.Page(true, Frames.MessageEvent(11, "g:a", 1), Frames.MessageEvent(12, "g:a", 2)), default);
        Assert.Null(first);
        Assert.Equal([10, 12], PullsAfter());

        var done = await coordinator.OnSyncPageAsync(Frames.Page(false, Frames.MessageEvent(13, "g:a", 3)), default);
        Assert.Equal(new ResyncCompleted(13, 3), done);
        Assert.Equal(13, coordinator.Cursor);
        Assert.Equal(["g:a#1", "g:a#2", "g:a#3"], _log.DrainMessages());
    }

    [Fact]
    public async Task Pushed_events_apply_in_order_and_a_push_past_a_hole_pulls_from_the_cursor()
    {
        var coordinator = Attach(cursor: 0);

        await coordinator.OnEventAsync(Frames.MessageEvent(1, "g:a", 1), default);
        await coordinator.OnEventAsync(Frames.MessageEvent(3, "g:a", 3), default);

        Assert.Equal(["g:a#1"], _log.DrainMessages());
        Assert.Equal([1], PullsAfter());

        await coordinator.OnSyncPageAsync(Frames.Page(false, Frames.MessageEvent(2, "g:a", 2), Frames.MessageEvent(3, "g:a", 3)), default);

        Assert.Equal(["g:a#2", "g:a#3"], _log.DrainMessages());
        Assert.Equal(3, coordinator.Cursor);
    }

    [Fact]
    public async Task A_hole_the_server_confirms_in_a_pull_is_stepped_over_instead_of_pulled_forever()
    {
        var coordinator = Attach(cursor: 4);
        coordinator.BeginResync();
        Assert.Equal([4], PullsAfter());

        // Sync seq 5 and 7 were never written (a storage failure mid pipeline): the server's
        // answer skips them, so the client must not ask for them again and again.
        var done = await coordinator.OnSyncPageAsync(Frames.Page(false, Frames.MessageEvent(6, "g:a", 1), Frames.MessageEvent(8, "g:a", 2)), default);

        Assert.Equal(new ResyncCompleted(8, 2), done);
        Assert.Equal(8, coordinator.Cursor);
        Assert.Equal([4], PullsAfter());
        Assert.Equal(["g:a#1", "g:a#2"], _log.DrainMessages());
    }

    [Fact]
    public async Task Duplicated_pushes_and_overlapping_pages_apply_each_event_once()
    {
        var coordinator = Attach(cursor: 0);
        coordinator.BeginResync();

        await coordinator.OnEventAsync(Frames.MessageEvent(1, "g:a", 1), default);
        await coordinator.OnEventAsync(Frames.MessageEvent(1, "g:a", 1), default);
        await coordinator.OnSyncPageAsync(Frames.Page(false, Frames.MessageEvent(1, "g:a", 1), Frames.MessageEvent(2, "g:b", 1)), default);
        await coordinator.OnEventAsync(Frames.MessageEvent(2, "g:b", 1), default);

        Assert.Equal(["g:a#1", "g:b#1"], _log.DrainMessages());
        Assert.Equal(2, _cursorNotifications);
    }

    [Fact]
    public async Task Only_one_pull_is_in_flight_and_a_gap_seen_meanwhile_pulls_again_after_it()
    {
        var coordinator = Attach(cursor: 0);

        await coordinator.OnEventAsync(Frames.MessageEvent(3, "g:a", 3), default);
        await coordinator.OnEventAsync(Frames.MessageEvent(5, "g:a", 5), default);
        Assert.Equal([0], PullsAfter());

        await coordinator.OnSyncPageAsync(Frames.Page(false), default);

        Assert.Equal([0, 0], PullsAfter());
    }

    [Fact]
    public async Task ResyncRequired_during_a_pull_starts_another_pull_when_it_ends()
    {
        var coordinator = Attach(cursor: 0);
        coordinator.OnResyncRequired();
        coordinator.OnResyncRequired();
        Assert.Equal([0], PullsAfter());

        await coordinator.OnSyncPageAsync(Frames.Page(false, Frames.MessageEvent(1, "g:a", 1)), default);

        Assert.Equal([0, 1], PullsAfter());
        await coordinator.OnSyncPageAsync(Frames.Page(false), default);
        Assert.Equal([0, 1], PullsAfter());
    }

    [Fact]
    public async Task An_empty_page_claiming_more_ends_the_pull_instead_of_spinning()
    {
        var coordinator = Attach(cursor: 4);
        coordinator.BeginResync();

        var done = await coordinator.OnSyncPageAsync(Frames.Page(true), default);

        Assert.NotNull(done);
        Assert.Equal([4], PullsAfter());
    }

    [Fact]
    public void A_server_behind_the_device_cursor_resets_the_cursor_to_the_server()
    {
        var coordinator = Attach(cursor: 40, serverLatest: 7);

        Assert.Equal(7, coordinator.Cursor);
        Assert.Equal(1, _cursorNotifications);
    }
}
