using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Rooms;

[Collection(RoomClusterCollection.Name)]
public sealed class RoomOrderingTests(RoomClusterFixture fixture)
{
    private static readonly RoomMessageClass[] Classes = [RoomMessageClass.Gift, RoomMessageClass.Chat, RoomMessageClass.Like, RoomMessageClass.Chat];

    [Fact]
    public async Task Messages_arrive_in_post_order_within_each_class_with_increasing_seqs()
    {
        var room = await fixture.NewRoomAsync(Ids.User("owner"));
        var id = room.GetPrimaryKeyString();
        var gateway = fixture.NewGateway();
        await gateway.SubscribeAsync(room, 1);
        var talker = Ids.User("talker");
        const int count = 120;
        var seqs = new List<long>();
        for (var i = 0; i < count; i++)
        {
            seqs.Add((await room.Post(talker, Classes[i % Classes.Length], $"{i}")).Seq);
        }
        await gateway.Observer.WaitForMessagesAsync(id, count);

        var received = gateway.Observer.Messages(id);
        Assert.Equal(seqs, received.Select(m => m.Seq));
        Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.First < p.Second), "seqs must increase");
        foreach (var messageClass in Classes.Distinct())
        {
            var expected = Enumerable.Range(0, count).Where(i => Classes[i % Classes.Length] == messageClass).Select(i => $"{i}");
            Assert.Equal(expected, received.Where(m => m.Class == messageClass).Select(m => m.Text));
        }
        Assert.All(received, m => Assert.Equal(talker, m.SenderId));
    }

    [Fact]
    public async Task A_late_joiner_gets_the_last_messages_without_likes_oldest_first()
    {
        var room = await fixture.NewRoomAsync(Ids.User("owner"));
        var talker = Ids.User("talker");
        for (var i = 0; i < 12; i++)
        {
            await room.Post(talker, i % 3 == 0 ? RoomMessageClass.Like : RoomMessageClass.Chat, $"{i}");
        }
        await room.Post(talker, RoomMessageClass.Gift, "rose");

        var snapshot = await fixture.NewGateway().SubscribeAsync(room, 1);

        Assert.Equal(["7", "8", "10", "11", "rose"], snapshot.Recent.Select(m => m.Text));
        Assert.DoesNotContain(snapshot.Recent, m => m.Class == RoomMessageClass.Like);
        Assert.Equal(RoomClusterFixture.RingSize, snapshot.Recent.Length);
    }

    [Fact]
    public async Task Announced_arrivals_and_departures_reach_gateways_as_likes_and_stay_out_of_the_ring()
    {
        var room = await fixture.NewRoomAsync(Ids.User("owner"));
        var id = room.GetPrimaryKeyString();
        var gateway = fixture.NewGateway();
        await gateway.SubscribeAsync(room, 1);
        var anna = Ids.User("anna");
        var ben = Ids.User("ben");

        await room.AnnounceViewers([anna, ben], [anna]);
        await gateway.Observer.WaitForMessagesAsync(id, 3);

        var received = gateway.Observer.Messages(id);
        Assert.Equal([(anna, RoomMessageKind.Joined), (ben, RoomMessageKind.Joined), (anna, RoomMessageKind.Left)], received.Select(m => (m.SenderId, m.Kind)));
        Assert.All(received, m => Assert.Equal(RoomMessageClass.Like, m.Class));
        var late = await fixture.NewGateway().SubscribeAsync(room, 1);
        Assert.Empty(late.Recent);
    }

    [Fact]
    public async Task A_room_that_was_never_created_refuses_everything_with_not_found()
    {
        var room = fixture.Room(RoomId.New());
        var gateway = fixture.NewGateway();
        await ImAssert.Refused(Interfaces.Errors.ImErrorCode.NotFound, () => gateway.SubscribeAsync(room, 1));
        await ImAssert.Refused(Interfaces.Errors.ImErrorCode.NotFound, () => room.Post(Ids.User("u"), RoomMessageClass.Chat, "hi"));
    }

    [Fact]
    public async Task Bad_posts_are_invalid_arguments()
    {
        var room = await fixture.NewRoomAsync(Ids.User("owner"));
        var user = Ids.User("u");
        await ImAssert.Refused(Interfaces.Errors.ImErrorCode.InvalidArgument, () => room.Post(user, RoomMessageClass.System, "fake notice"));
        await ImAssert.Refused(Interfaces.Errors.ImErrorCode.InvalidArgument, () => room.Post(user, RoomMessageClass.Chat, " "));
        await ImAssert.Refused(Interfaces.Errors.ImErrorCode.InvalidArgument, () => room.Post(user, RoomMessageClass.Chat, new string('x', 5000)));
        Assert.True((await room.Post(user, RoomMessageClass.Like, "")).Accepted);
    }
}
