using OrleansIm.Client;
using OrleansIm.Client.Cursors;
using OrleansIm.Client.Rooms;
using OrleansIm.EndToEnd.Tests.Support;
using OrleansIm.ProcessHost;
using OrleansIm.Protocol.V1;

namespace OrleansIm.EndToEnd.Tests.Rooms;

/// <summary>
/// A viewer whose gateway shuts down keeps watching through another one, as the SDK's users
/// expect: a node (silo + gateway) and a standalone gateway in front of it, both real processes.
/// </summary>
public sealed class RoomWatchResumeTests
{
    [Fact]
    public async Task A_watch_moves_to_the_next_gateway_when_its_gateway_drains_and_repeats_nothing()
    {
        await using var node = new NodeProcess();
        await node.StartAsync();
        await using var gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["OrleansIm:GatewayHost:SiloGatewayPort"] = node.OrleansGatewayPort.ToString(),
        });
        await gateway.StartAsync();

        var host = Client(node, Clients.Unique("host"), node.GrpcAddress);
        var viewerId = Clients.Unique("viewer");
        // The standalone gateway first: the viewer starts there and must move to the node.
        var viewer = Client(node, viewerId, gateway.GrpcAddress, node.GrpcAddress);
        var room = (await host.CreateRoomAsync("", "resume")).RoomId;

        await using var watch = new RoomWatchRecorder(viewer, room);
        await watch.WaitUntilAsync(w => w.Events.OfType<RoomJoinedEvent>().Any(), "the first join");
        await host.PostToRoomAsync(room, RoomMessageClass.Chat, "before");
        await watch.WaitUntilAsync(w => w.Posts.Any(m => m.Text == "before"), "the post before the drain");

        await gateway.StopAsync();
        await watch.WaitUntilAsync(w => w.Events.OfType<RoomJoinedEvent>().Count() == 2, "the watch to resume on the node");
        await host.PostToRoomAsync(room, RoomMessageClass.Gift, "after");
        await watch.WaitUntilAsync(w => w.Posts.Any(m => m.Text == "after"), "the post after the drain");

        var interrupted = Assert.Single(watch.Events.OfType<RoomInterruptedEvent>());
        Assert.Contains("shutting down", interrupted.Reason);
        Assert.DoesNotContain(watch.Events, e => e is RoomClosedEvent);
        // The second join's ring still holds "before"; the app is not given it twice.
        Assert.Equal(["before", "after"], watch.Posts.Select(m => m.Text));
    }

    [Fact]
    public async Task A_refusal_ends_the_watch_instead_of_being_retried()
    {
        await using var node = new NodeProcess();
        await node.StartAsync();
        var viewer = Client(node, Clients.Unique("viewer"), node.GrpcAddress);

        var error = await Assert.ThrowsAsync<ImClientException>(async () =>
        {
            await foreach (var _ in viewer.WatchRoomAsync("no-such-room"))
            {
            }
        });

        Assert.Equal(Grpc.Core.StatusCode.NotFound, error.StatusCode);
    }

    private static ImClient Client(NodeProcess node, string userId, params Uri[] endpoints) => new(new ImClientOptions
    {
        Endpoints = endpoints,
        TokenProvider = new DevTokenProvider(node.GrpcAddress, userId).GetTokenAsync,
        DeviceId = "phone",
        CursorStore = new InMemoryCursorStore(),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
    });
}
