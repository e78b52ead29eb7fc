using Grpc.Core;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.FlowControl;

/// <summary>A device that stops reading its stream: it is cut, and nobody else notices.</summary>
public sealed class SlowConsumerTests : IAsyncLifetime
{
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(settings: new Dictionary<string, string>
    {
        ["OrleansIm:Gateway:OutboundQueueCapacity"] = "64",
        ["OrleansIm:Gateway:SlowConsumerWindow"] = "00:00:01",
        // The flood below is far over any sensible send budget; budgets are tested elsewhere.
        ["OrleansIm:Gateway:RateLimits:Enabled"] = "false",
    });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_reader_that_stays_behind_is_cut_and_shown_offline_while_another_user_gets_everything()
    {
        await using var alice = await TestUser.LoginAsync(_node, NodeFixture.Unique("alice"));
        await using var bob = await TestUser.LoginAsync(_node, NodeFixture.Unique("bob"));
        await using var carol = await TestUser.LoginAsync(_node, NodeFixture.Unique("carol"));
        await using var dave = await TestUser.LoginAsync(_node, NodeFixture.Unique("dave"));
        var toBob = await alice.OpenDirectAsync(bob);
        var toCarol = await alice.OpenDirectAsync(carol);
        var daveAndBob = await dave.OpenDirectAsync(bob);
        await dave.SendTextAsync(daveAndBob.Id, "hi");
        await DirectMessagingTests.WaitForListAsync(bob, l => l.Conversations.Any(c => c.Id == daveAndBob.Id));
        // Dave only watches bob's presence; alice sends without a stream, so no stream but
        // bob's receives the flood (a sender's own streams get its messages too).
        await using var watcher = await dave.ConnectAsync("watcher");
        await using var carolStream = await carol.ConnectAsync();

        // A raw call that sends hello and never reads: the server's queue for it (64 frames) fills.
        using var stalled = bob.Chat.Connect();
        await stalled.RequestStream.WriteAsync(new ClientFrame { Hello = new Hello { DeviceId = "stalled" } });
        await watcher.WaitForAsync(f => f.Presence is { Online: true } p && p.UserId == bob.Id);

        var flood = Enumerable.Range(0, 400).Select(i => alice.SendTextAsync(toBob.Id, new string('x', 2000) + i));
        var toCarolSends = Enumerable.Range(0, 30).Select(i => alice.SendTextAsync(toCarol.Id, $"c{i}"));
        await Task.WhenAll(flood.Concat(toCarolSends));

        await watcher.WaitForAsync(f => f.Presence is { Online: false } p && p.UserId == bob.Id);
        await carolStream.WaitUntilAsync(s => s.Messages.Count(m => m.ConversationId == toCarol.Id) == 30);
        Assert.DoesNotContain(carolStream.Frames, f => f.ResyncRequired is not null);
        Assert.Null(carolStream.EndStatus);

        var (received, end) = await ReadToEndAsync(stalled);
        Assert.True(received < 400, $"all {received} frames arrived; the queue never overflowed");
        // A reader that reads nothing cannot even receive the status (HTTP/2 flow control holds
        // it behind the unread data), so the gateway resets the stream; a reader that is merely
        // slow gets RESOURCE_EXHAUSTED with the reason.
        var cut = end.StatusCode == StatusCode.ResourceExhausted
            ? end.Detail.Contains("too slowly", StringComparison.Ordinal)
            : end.Detail.Contains("server reset the stream", StringComparison.Ordinal);
        Assert.True(cut, $"ended with {end}");

        // Nothing acknowledged was lost: the cut device syncs everything on its next connect.
        await DirectMessagingTests.WaitForListAsync(bob, l => l.Conversations.Any(c => c.Id == toBob.Id && c.LastSeq == 400));
    }

    private static async Task<(int Received, Status End)> ReadToEndAsync(AsyncDuplexStreamingCall<ClientFrame, ServerFrame> call)
    {
        var received = 0;
        using var timeout = new CancellationTokenSource(TestStream.Timeout);
        try
        {
            while (await call.ResponseStream.MoveNext(timeout.Token))
            {
                received++;
            }
            return (received, Status.DefaultSuccess);
        }
        catch (RpcException ex)
        {
            return (received, ex.Status);
        }
    }
}
