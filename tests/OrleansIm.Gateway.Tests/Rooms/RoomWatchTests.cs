using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.Rooms;

public sealed class RoomWatchTests(RoomNodeFixture fixture) : IClassFixture<RoomNodeFixture>
{
    [Fact]
    public async Task Viewers_get_posts_in_seq_order_and_a_late_joiner_gets_the_ring_without_likes()
    {
        await using var host = await fixture.LoginAsync("host");
        await using var bob = await fixture.LoginAsync("bob");
        await using var carol = await fixture.LoginAsync("carol");
        var room = await host.CreateRoomAsync();
        await using var bobWatch = await bob.WatchAsync(room);
        Assert.Empty(bobWatch.Joined.Recent);
        Assert.Equal(room, bobWatch.Joined.Room.RoomId);
        Assert.Equal(host.Id, bobWatch.Joined.Room.OwnerId);

        var seqs = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            seqs.Add(await host.PostAsync(room, i == 3 ? RoomMessageClass.Like : RoomMessageClass.Chat, $"m{i}"));
        }
        seqs.Add(await bob.PostAsync(room, RoomMessageClass.Gift, "rose"));
        await bobWatch.WaitUntilAsync(w => w.Messages.Count == seqs.Count, "bob got every post");

        Assert.Equal(seqs, bobWatch.Messages.Select(m => m.Seq));
        Assert.Equal(bob.Id, bobWatch.Messages[^1].SenderId);
        Assert.Equal(RoomMessageClass.Gift, bobWatch.Messages[^1].Class);

        await using var carolWatch = await carol.WatchAsync(room);
        Assert.Equal(["m5", "m6", "m7", "rose"], carolWatch.Joined.Recent.Skip(1).Select(m => m.Text));
        Assert.Equal(RoomNodeFixture.RingSize, carolWatch.Joined.Recent.Count);
        Assert.DoesNotContain(carolWatch.Joined.Recent, m => m.Class == RoomMessageClass.Like);
        // Both local viewers are counted once the gateway's next report reaches the room; the
        // joined frame already counts the first one.
        Assert.True(carolWatch.Joined.ViewerCount >= 1);
    }

    [Fact]
    public async Task Arrivals_and_departures_are_announced_as_the_lowest_class()
    {
        await using var host = await fixture.LoginAsync("host");
        await using var bob = await fixture.LoginAsync("bob");
        await using var carol = await fixture.LoginAsync("carol");
        var room = await host.CreateRoomAsync();
        await using var bobWatch = await bob.WatchAsync(room);

        var carolWatch = await carol.WatchAsync(room);
        await bobWatch.WaitUntilAsync(w => w.Announcements.Any(m => m.SenderId == carol.Id && m.Kind == RoomMessageKind.Joined), "carol's arrival");
        await carolWatch.DisposeAsync();
        await bobWatch.WaitUntilAsync(w => w.Announcements.Any(m => m.SenderId == carol.Id && m.Kind == RoomMessageKind.Left), "carol's departure");

        Assert.All(bobWatch.Announcements, m => Assert.Equal(RoomMessageClass.Like, m.Class));
        var carolsOwn = bobWatch.Announcements.Where(m => m.SenderId == carol.Id).ToList();
        Assert.Equal([RoomMessageKind.Joined, RoomMessageKind.Left], carolsOwn.Select(m => m.Kind));
        Assert.True(carolsOwn[0].Seq < carolsOwn[1].Seq);
    }

    [Fact]
    public async Task Viewers_joining_a_room_at_once_all_join_one_subscription_and_all_get_the_next_post()
    {
        await using var host = await fixture.LoginAsync("host");
        var room = await host.CreateRoomAsync();
        var users = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => fixture.LoginAsync($"v{i}")));
        try
        {
            var watches = await Task.WhenAll(users.Select(u => u.WatchAsync(room)));
            var seq = await host.PostAsync(room, RoomMessageClass.Chat, "hello all");
            foreach (var watch in watches)
            {
                await watch.WaitUntilAsync(w => w.Messages.Any(m => m.Seq == seq), "every viewer got the post");
                await watch.DisposeAsync();
            }
        }
        finally
        {
            foreach (var user in users)
            {
                await user.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Calls_are_refused_with_the_status_that_says_why()
    {
        await using var host = await fixture.LoginAsync("host");
        var room = await host.CreateRoomAsync();

        var missing = await Assert.ThrowsAsync<RpcException>(() => host.WatchAsync("no-such-room"));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var system = await Assert.ThrowsAsync<RpcException>(() => host.PostAsync(room, RoomMessageClass.System, "fake"));
        Assert.Equal(StatusCode.InvalidArgument, system.StatusCode);
        var badId = await Assert.ThrowsAsync<RpcException>(() => host.PostAsync("bad id!", RoomMessageClass.Chat, "x"));
        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
        var taken = await Assert.ThrowsAsync<RpcException>(async () => await host.Rooms.CreateRoomAsync(new CreateRoomRequest { RoomId = room }));
        Assert.Equal(StatusCode.FailedPrecondition, taken.StatusCode);

        var anonymous = new RoomService.RoomServiceClient(Grpc.Net.Client.GrpcChannel.ForAddress(fixture.Node.GrpcAddress));
        using var unauthenticated = anonymous.Watch(new WatchRoomRequest { RoomId = room });
        var refused = await Assert.ThrowsAsync<RpcException>(() => unauthenticated.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task An_overloaded_room_answers_resource_exhausted_with_a_retry_hint()
    {
        await using var host = await fixture.LoginAsync("host");
        var room = (await host.Rooms.CreateRoomAsync(new CreateRoomRequest { Title = "slow mode", MaxMessagesPerSecond = 1 })).RoomId;

        RpcException? refusal = null;
        for (var i = 0; i < 10 && refusal is null; i++)
        {
            refusal = await Record(() => host.PostAsync(room, RoomMessageClass.Chat, $"m{i}"));
        }

        Assert.NotNull(refusal);
        Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
        var retryAfter = refusal.Trailers.GetValue("retry-after-ms");
        Assert.NotNull(retryAfter);
        Assert.True(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture) > 0);
        // Gifts are never shed by the rate limit.
        Assert.True(await host.PostAsync(room, RoomMessageClass.Gift, "rose") > 0);
    }

    [Fact]
    public async Task A_removed_viewer_gets_a_closing_frame_and_cannot_watch_again()
    {
        await using var host = await fixture.LoginAsync("host");
        await using var mod = await fixture.LoginAsync("mod");
        await using var troll = await fixture.LoginAsync("troll");
        var room = await host.CreateRoomAsync(mod);
        await using var watch = await troll.WatchAsync(room);

        await mod.Rooms.RemoveViewerAsync(new RemoveViewerRequest { RoomId = room, UserId = troll.Id, DurationSeconds = 60 });

        await watch.WaitUntilAsync(w => w.Frames.Any(f => f.Closed is not null), "the troll's watch was closed");
        Assert.Equal(RoomClosedCode.Removed, watch.Frames.Last().Closed.Code);
        var again = await Assert.ThrowsAsync<RpcException>(() => troll.WatchAsync(room));
        Assert.Equal(StatusCode.PermissionDenied, again.StatusCode);
        var post = await Assert.ThrowsAsync<RpcException>(() => troll.PostAsync(room, RoomMessageClass.Chat, "let me in"));
        Assert.Equal(StatusCode.PermissionDenied, post.StatusCode);
        var notMod = await Assert.ThrowsAsync<RpcException>(async () => await troll.Rooms.MuteRoomAsync(new MuteRoomRequest { RoomId = room, Muted = true }));
        Assert.Equal(StatusCode.PermissionDenied, notMod.StatusCode);
    }

    [Fact]
    public async Task A_slow_viewer_loses_chat_first_then_is_closed_while_a_fast_viewer_gets_everything()
    {
        await using var host = await fixture.LoginAsync("host");
        await using var fast = await fixture.LoginAsync("fast");
        await using var slow = await fixture.LoginAsync("slow");
        var room = await host.CreateRoomAsync();
        await using var fastWatch = await fast.WatchAsync(room);
        // The slow viewer reads its joined frame and then nothing: HTTP/2 flow control soon
        // stops the gateway's writes to it, and its queue fills.
        await using var slowWatch = await slow.WatchAsync(room, readInBackground: false);
        var body = new string('x', 4096);
        const int chats = 400;
        const int gifts = 100;

        // Posted in steps smaller than a viewer's queue: the next step starts only once the fast
        // viewer has read the last one, so however late it is scheduled it never has more than a
        // step waiting and is never shed or closed. The slow viewer reads nothing and fills up
        // all the same.
        const int step = RoomNodeFixture.ViewerQueueCapacity / 2;
        for (var i = 0; i < chats + gifts; i++)
        {
            var isChat = i < chats;
            await host.PostAsync(room, isChat ? RoomMessageClass.Chat : RoomMessageClass.Gift, isChat ? $"c{i} {body}" : $"g{i - chats} {body}");
            if ((i + 1) % step == 0)
            {
                var posted = i + 1;
                await fastWatch.WaitUntilAsync(w => w.Messages.Count == posted, $"the fast viewer got the first {posted}");
            }
        }
        await fastWatch.WaitUntilAsync(w => w.Messages.Count == chats + gifts, "the fast viewer got everything");
        var fastSeqs = fastWatch.Messages.Select(m => m.Seq).ToList();
        Assert.Equal(fastSeqs.Order(), fastSeqs);

        var end = await slowWatch.WaitForEndAsync();
        var frames = slowWatch.Frames;
        var closed = frames[^1].Closed;
        Assert.NotNull(closed);
        Assert.Equal(RoomClosedCode.TooSlow, closed.Code);
        Assert.Contains("too slow", closed.Reason);
        Assert.Equal(StatusCode.OK, end.StatusCode);
        var shedChat = frames.Sum(f => f.Batch?.Shed?.Chat ?? 0) + (closed.Shed?.Chat ?? 0);
        var receivedChat = slowWatch.Messages.Count(m => m.Class == RoomMessageClass.Chat);
        Assert.True(shedChat > 0, "no chat was shed for the slow viewer");
        // Every chat was either delivered or shed and counted: nothing vanished silently.
        Assert.Equal(chats, receivedChat + shedChat);
        // Gifts are never shed: the slow viewer got a prefix of them before it was closed.
        var receivedGifts = slowWatch.Messages.Where(m => m.Class == RoomMessageClass.Gift).Select(m => m.Text[..m.Text.IndexOf(' ')]).ToList();
        Assert.Equal(Enumerable.Range(0, receivedGifts.Count).Select(i => $"g{i}"), receivedGifts);
        Assert.True(receivedGifts.Count < gifts);
    }

    private static async Task<RpcException?> Record(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
    }
}
