using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Rooms;

[Collection(RoomClusterCollection.Name)]
public sealed class RoomFanOutTests(RoomClusterFixture fixture)
{
    private const int Messages = 300;

    [Fact]
    public async Task The_room_makes_one_call_per_gateway_per_window_whatever_the_viewer_count()
    {
        var room = await fixture.NewRoomAsync(Ids.User("owner"));
        var id = room.GetPrimaryKeyString();
        var gateways = Enumerable.Range(0, RoomClusterFixture.RelayThreshold).Select(_ => fixture.NewGateway()).ToList();
        // 5,000 viewers in all: the room's work must not depend on it.
        foreach (var gateway in gateways)
        {
            await gateway.SubscribeAsync(room, 5000 / gateways.Count);
        }
        await AllSawViewerCountAsync(gateways, id, 5000 / gateways.Count * gateways.Count);
        var before = await room.GetStats();

        await Task.WhenAll(Enumerable.Range(0, Messages).Select(i => room.Post(Ids.User("talker"), RoomMessageClass.Chat, $"m{i}")));
        foreach (var gateway in gateways)
        {
            await gateway.Observer.WaitForMessagesAsync(id, Messages);
        }
        var after = await room.GetStats();

        var windows = after.Windows - before.Windows;
        Assert.Equal(windows * gateways.Count, after.GatewayCalls - before.GatewayCalls);
        Assert.Equal(0, after.RelayCalls);
        Assert.True(windows < Messages, $"{Messages} messages took {windows} windows: nothing was coalesced.");
        foreach (var gateway in gateways)
        {
            // Exactly one batch per window, no window twice, every message once.
            var batches = gateway.Observer.Batches(id).Where(b => b.Window > before.Windows).ToList();
            Assert.Equal(Enumerable.Range((int)before.Windows + 1, (int)windows).Select(w => (long)w), batches.Select(b => b.Window));
            Assert.Equal(Messages, gateway.Observer.Messages(id).Count);
        }
    }

    [Fact]
    public async Task Past_the_threshold_relays_fan_out_and_the_room_calls_only_the_relays()
    {
        var room = await fixture.NewRoomAsync(Ids.User("owner"));
        var id = room.GetPrimaryKeyString();
        var gateways = Enumerable.Range(0, RoomClusterFixture.RelayThreshold + 2).Select(_ => fixture.NewGateway()).ToList();
        foreach (var gateway in gateways)
        {
            await gateway.SubscribeAsync(room, 10);
        }
        await AllSawViewerCountAsync(gateways, id, 10 * gateways.Count);
        var before = await room.GetStats();

        await Task.WhenAll(Enumerable.Range(0, Messages).Select(i => room.Post(Ids.User("talker"), RoomMessageClass.Chat, $"m{i}")));
        foreach (var gateway in gateways)
        {
            await gateway.Observer.WaitForMessagesAsync(id, Messages);
        }
        var after = await room.GetStats();

        var windows = after.Windows - before.Windows;
        Assert.Equal(before.GatewayCalls, after.GatewayCalls);
        Assert.Equal(windows * RoomClusterFixture.MaxRelays, after.RelayCalls - before.RelayCalls);
        foreach (var gateway in gateways)
        {
            var batches = gateway.Observer.Batches(id).Where(b => b.Window > before.Windows).ToList();
            Assert.Equal(batches.Count, batches.Select(b => b.Window).Distinct().Count());
            Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"m{i}").Order(), gateway.Observer.Messages(id).Select(m => m.Text).Order());
        }
    }

    /// <summary>After subscribing, the room sends a count-only window; waiting for it leaves no subscription change inside the measurement.</summary>
    private static async Task AllSawViewerCountAsync(IEnumerable<RoomTestGateway> gateways, string roomId, long count)
    {
        foreach (var gateway in gateways)
        {
            await gateway.Observer.WaitUntilAsync(() => gateway.Observer.Batches(roomId).Any(b => b.ViewerCount == count), $"viewer count {count} reached {gateway.Id}");
        }
    }
}
