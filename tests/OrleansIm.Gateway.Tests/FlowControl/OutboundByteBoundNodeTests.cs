using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.FlowControl;

/// <summary>Over real gRPC: a stream that stops reading is told to resync once its queue passes OutboundQueueMaxBytes, long before its frame capacity.</summary>
public sealed class OutboundByteBoundNodeTests : IAsyncLifetime
{
    private const int Messages = 200;
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(settings: new Dictionary<string, string>
    {
        ["OrleansIm:Gateway:OutboundQueueMaxBytes"] = "65536",
        // Never cut: a paused reader that overflows again right after its resync would otherwise
        // be cut (reset), and the reset would discard the frames this test reads afterwards.
        ["OrleansIm:Gateway:SlowConsumerWindow"] = "00:00:00",
        ["OrleansIm:Gateway:RateLimits:Enabled"] = "false",
    });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_stream_that_stops_reading_is_told_to_resync_at_the_byte_bound_and_then_pulls_everything()
    {
        await using var alice = await TestUser.LoginAsync(_node, NodeFixture.Unique("alice"));
        await using var bob = await TestUser.LoginAsync(_node, NodeFixture.Unique("bob"));
        var conversation = await alice.OpenDirectAsync(bob);

        using var paused = bob.Chat.Connect();
        await paused.RequestStream.WriteAsync(new ClientFrame { Hello = new Hello { DeviceId = "paused" } });
        using var timeout = new CancellationTokenSource(TestStream.Timeout);
        Assert.True(await paused.ResponseStream.MoveNext(timeout.Token));
        Assert.NotNull(paused.ResponseStream.Current.Welcome);

        // ~4 KB each: 800 KB in all, far past what the transport buffers and the 64 KiB bound,
        // and far below the queue's 1,024 frames.
        await Task.WhenAll(Enumerable.Range(0, Messages).Select(i => alice.SendTextAsync(conversation.Id, new string('x', 4000) + i)));

        var events = 0;
        var resync = false;
        while (!resync && await paused.ResponseStream.MoveNext(timeout.Token))
        {
            events += paused.ResponseStream.Current.Event is null ? 0 : 1;
            resync = paused.ResponseStream.Current.ResyncRequired is not null;
        }

        Assert.True(resync, $"no resync after {events} events");
        Assert.True(events < Messages, $"all {events} events were pushed; the byte bound never applied");
        // Nothing was lost: the pull has every message.
        var pulled = 0;
        var after = 0L;
        SyncResponse page;
        do
        {
            page = await bob.Chat.SyncAsync(new SyncRequest { After = after });
            pulled += page.Events.Count(e => e.Message is not null);
            after = page.Events.Count > 0 ? page.Events[^1].SyncSeq : after;
        }
        while (page.HasMore);
        Assert.Equal(Messages, pulled);
    }
}
