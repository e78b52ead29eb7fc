using Grpc.Core;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests;

/// <summary>Uses its own node with tight heartbeat and queue settings.</summary>
public sealed class IdleAndOverflowTests : IAsyncLifetime
{
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(settings: new Dictionary<string, string>
    {
        ["OrleansIm:Gateway:HeartbeatInterval"] = "00:00:01",
        ["OrleansIm:Gateway:MissedHeartbeatsBeforeClose"] = "4",
        ["OrleansIm:Gateway:OutboundQueueCapacity"] = "16",
        ["OrleansIm:Gateway:OutboundQueueMaxBytes"] = "65536",
        // The overflow test floods far past any sensible send budget; budgets are tested in FlowControl.
        ["OrleansIm:Gateway:RateLimits:Enabled"] = "false",
        // The overflow test reads its stalled stream only after the flood: that reader would be
        // cut as a slow consumer (FlowControl.SlowConsumerTests); here only the resync is tested.
        ["OrleansIm:Gateway:SlowConsumerWindow"] = "00:00:00",
    });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_client_that_misses_its_heartbeats_is_cut_and_shown_offline()
    {
        await using var alice = await TestUser.LoginAsync(_node, NodeFixture.Unique("alice"));
        await using var bob = await TestUser.LoginAsync(_node, NodeFixture.Unique("bob"));
        var conversation = await alice.OpenDirectAsync(bob);
        await alice.SendTextAsync(conversation.Id, "hi");
        await DirectMessagingTests.WaitForListAsync(bob, l => l.Conversations.Count == 1);

        await using var silent = await alice.ConnectAsync();
        Assert.Equal(1000, silent.Welcome.HeartbeatIntervalMs);
        Assert.Equal(4000, silent.Welcome.IdleTimeoutMs);
        Assert.Equal(4, silent.Welcome.MissedHeartbeatsBeforeClose);
        var end = await silent.WaitForEndAsync();
        Assert.Equal(StatusCode.DeadlineExceeded, end.StatusCode);

        var presence = await bob.Chat.GetPresenceAsync(new GetPresenceRequest { UserIds = { alice.Id } });
        Assert.False(presence.Users.Single().Online);
    }

    [Fact]
    public async Task A_client_that_pings_stays_connected_past_the_idle_timeout()
    {
        await using var alice = await TestUser.LoginAsync(_node, NodeFixture.Unique("alice"));
        await using var stream = await alice.ConnectAsync();
        // Ping, wait for the pong, ping again, for longer than the 4 s idle timeout: the stream
        // survives only if the server resets its idle timer on every frame. Each round trip
        // waits on its answer; nothing sleeps.
        var started = DateTime.UtcNow;
        var n = 0;
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(6))
        {
            n++;
            await stream.WriteAsync(new ClientFrame { RequestId = $"p{n}", Ping = new Ping { Nonce = n } });
            await stream.WaitForAsync(f => f.RequestId == $"p{n}");
        }
        Assert.Null(stream.EndStatus);
    }

    [Fact]
    public async Task A_reader_that_falls_behind_is_told_to_resync_and_can_recover_everything()
    {
        await using var alice = await TestUser.LoginAsync(_node, NodeFixture.Unique("alice"));
        await using var bob = await TestUser.LoginAsync(_node, NodeFixture.Unique("bob"));
        var conversation = await alice.OpenDirectAsync(bob);

        // A raw call that never reads: the server's queue for it (16 frames) overflows.
        using var stalled = bob.Chat.Connect();
        await stalled.RequestStream.WriteAsync(new ClientFrame { Hello = new Hello { DeviceId = "stalled" } });
        var sends = Enumerable.Range(0, 400).Select(i => alice.SendTextAsync(conversation.Id, new string('x', 2000) + i));
        await Task.WhenAll(sends);

        var frames = new List<ServerFrame>();
        using var cts = new CancellationTokenSource(TestStream.Timeout);
        while (!frames.Any(f => f.ResyncRequired is not null) && await stalled.ResponseStream.MoveNext(cts.Token))
        {
            frames.Add(stalled.ResponseStream.Current);
        }
        Assert.Contains(frames, f => f.ResyncRequired is not null);
        var pushed = frames.Where(f => f.Event is not null).Select(f => f.Event.SyncSeq).ToList();
        Assert.True(pushed.Count < 400, $"all {pushed.Count} events were pushed; the queue never overflowed");

        // Acks mean durable, not yet in bob's log: wait until the fan-out put all 400 there.
        await DirectMessagingTests.WaitForListAsync(bob, l => l.LatestSyncSeq >= 400);
        var synced = new List<long>();
        var after = 0L;
        while (true)
        {
            var page = await bob.Chat.SyncAsync(new SyncRequest { After = after, Limit = 200 });
            synced.AddRange(page.Events.Select(e => e.Message.Seq));
            if (!page.HasMore)
            {
                break;
            }
            after = page.Events[^1].SyncSeq;
        }
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), synced);
    }

    [Fact]
    public async Task A_reader_that_falls_behind_is_told_to_resync_at_the_byte_bound_before_its_queue_has_run_out_of_frames()
    {
        const int messages = 15;
        await using var alice = await TestUser.LoginAsync(_node, NodeFixture.Unique("alice"));
        await using var bob = await TestUser.LoginAsync(_node, NodeFixture.Unique("bob"));
        var conversation = await alice.OpenDirectAsync(bob);
        using var stalled = bob.Chat.Connect();
        await stalled.RequestStream.WriteAsync(new ClientFrame { Hello = new Hello { DeviceId = "stalled" } });
        using var cts = new CancellationTokenSource(TestStream.Timeout);
        Assert.True(await stalled.ResponseStream.MoveNext(cts.Token));
        Assert.NotNull(stalled.ResponseStream.Current.Welcome);

        // Fewer messages than the queue has frames (16), so only its 64 KiB byte bound can
        // overflow it: 450 KB in all, far past what the transport holds for a reader that waits.
        await Task.WhenAll(Enumerable.Range(0, messages).Select(i => alice.SendTextAsync(conversation.Id, new string('x', 30_000) + i)));
        // Pushed once durable in bob's log: read only after all of them were pushed.
        await DirectMessagingTests.WaitForListAsync(bob, l => l.LatestSyncSeq >= messages);

        var frames = new List<ServerFrame>();
        while (!frames.Any(f => f.ResyncRequired is not null) && await stalled.ResponseStream.MoveNext(cts.Token))
        {
            frames.Add(stalled.ResponseStream.Current);
        }
        Assert.Contains(frames, f => f.ResyncRequired is not null);
        Assert.True(frames.Count(f => f.Event is not null) < messages, "every event was pushed; the byte bound never applied");
        var pulled = await bob.Chat.SyncAsync(new SyncRequest { After = 0, Limit = 200 });
        Assert.Equal(messages, pulled.Events.Count(e => e.Message is not null));
    }
}
