using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Rooms;

[Collection(RoomClusterCollection.Name)]
public sealed class RoomViewerCountTests(RoomClusterFixture fixture)
{
    [Fact]
    public async Task The_count_is_the_sum_of_gateway_reports_and_is_pushed_when_it_changes()
    {
        var room = await fixture.NewRoomAsync(Ids.User("owner"));
        var id = room.GetPrimaryKeyString();
        var a = fixture.NewGateway();
        var b = fixture.NewGateway();

        await a.SubscribeAsync(room, 300);
        var snapshot = await b.SubscribeAsync(room, 4000);
        Assert.Equal(4300, snapshot.ViewerCount);
        await a.Observer.WaitUntilAsync(() => a.Observer.Batches(id).LastOrDefault()?.ViewerCount == 4300, "a heard 4300");

        await b.RefreshAsync(room, 1000);
        await a.Observer.WaitUntilAsync(() => a.Observer.Batches(id).LastOrDefault()?.ViewerCount == 1300, "a heard 1300");

        await b.UnsubscribeAsync(room);
        await a.Observer.WaitUntilAsync(() => a.Observer.Batches(id).LastOrDefault()?.ViewerCount == 300, "a heard 300");
        Assert.Equal(1, (await room.GetStats()).Gateways);
    }

    [Fact]
    public async Task An_unsubscribe_older_than_the_latest_subscribe_is_ignored()
    {
        var room = await fixture.NewRoomAsync(Ids.User("owner"));
        var gateway = fixture.NewGateway();
        await gateway.SubscribeAsync(room, 1);
        var stale = await room.GetStats();
        await gateway.SubscribeAsync(room, 2);

        // The unsubscribe of the first generation arrives late.
        await room.Unsubscribe(gateway.Id, 1);

        var stats = await room.GetStats();
        Assert.Equal(1, stale.Gateways);
        Assert.Equal(1, stats.Gateways);
        Assert.Equal(2, stats.ViewerCount);
    }

    [Fact]
    public async Task A_gateway_that_stops_refreshing_is_forgotten_and_one_that_refreshes_is_kept()
    {
        var room = await fixture.NewRoomAsync(Ids.User("owner"));
        var id = room.GetPrimaryKeyString();
        var silent = fixture.NewGateway();
        var alive = fixture.NewGateway();
        await silent.SubscribeAsync(room, 7);
        await alive.SubscribeAsync(room, 3);

        // Refresh `alive` on every window it hears until the room's count drops to its own.
        using var expiry = new CancellationTokenSource(RoomClusterFixture.GatewayTtl * 4);
        while ((await room.GetStats()).Gateways > 1)
        {
            expiry.Token.ThrowIfCancellationRequested();
            await alive.RefreshAsync(room, 3);
            var heard = alive.Observer.Batches(id).Count;
            await room.Post(Ids.User("talker"), RoomMessageClass.Chat, "tick");
            try
            {
                await alive.Observer.WaitUntilAsync(() => alive.Observer.Batches(id).Count > heard, "the next window", TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                // Only paces the loop. On a starved machine a window can come late; the next round
                // refreshes and posts again, and the assertions below still need the windows.
            }
        }

        var stats = await room.GetStats();
        Assert.Equal(3, stats.ViewerCount);
        await alive.Observer.WaitUntilAsync(() => alive.Observer.Batches(id).LastOrDefault()?.ViewerCount == 3, "the count without the silent gateway");
    }
}
