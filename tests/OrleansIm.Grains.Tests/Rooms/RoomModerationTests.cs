using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Rooms;

[Collection(RoomClusterCollection.Name)]
public sealed class RoomModerationTests(RoomClusterFixture fixture)
{
    private readonly string _owner = Ids.User("owner");
    private readonly string _moderator = Ids.User("mod");
    private readonly string _viewer = Ids.User("viewer");

    [Fact]
    public async Task A_muted_user_cannot_post_until_the_mute_is_lifted_and_viewers_are_told()
    {
        var room = await fixture.NewRoomAsync(_owner, [_moderator]);
        var gateway = fixture.NewGateway();
        await gateway.SubscribeAsync(room, 1);

        await room.MuteUser(_moderator, _viewer, TimeSpan.FromMinutes(5));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => room.Post(_viewer, RoomMessageClass.Chat, "hi"));
        await room.MuteUser(_moderator, _viewer, TimeSpan.Zero);
        Assert.True((await room.Post(_viewer, RoomMessageClass.Chat, "hi")).Accepted);

        await gateway.Observer.WaitForMessagesAsync(room.GetPrimaryKeyString(), 3);
        var notices = gateway.Observer.Messages(room.GetPrimaryKeyString()).Where(m => m.Class == RoomMessageClass.System).ToList();
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Contains(_viewer, n.Text));
    }

    [Fact]
    public async Task Only_the_owner_and_moderators_moderate_and_nobody_sanctions_the_owner()
    {
        var room = await fixture.NewRoomAsync(_owner, [_moderator]);
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => room.MuteUser(_viewer, _moderator, TimeSpan.FromMinutes(1)));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => room.MuteRoom(_viewer, true));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => room.RemoveViewer(_viewer, _owner, TimeSpan.Zero));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => room.MuteUser(_moderator, _owner, TimeSpan.FromMinutes(1)));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => room.Close(_moderator));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => room.MuteUser(_owner, _viewer, TimeSpan.FromDays(30)));
        // The owner may sanction a moderator.
        await room.MuteUser(_owner, _moderator, TimeSpan.FromMinutes(1));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => room.Post(_moderator, RoomMessageClass.Chat, "hi"));
    }

    [Fact]
    public async Task A_muted_room_lets_only_moderators_post()
    {
        var room = await fixture.NewRoomAsync(_owner, [_moderator]);
        await room.MuteRoom(_moderator, true);
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => room.Post(_viewer, RoomMessageClass.Gift, "rose"));
        Assert.True((await room.Post(_moderator, RoomMessageClass.Chat, "quiet please")).Accepted);
        Assert.True((await room.GetInfo()).Muted);
        await room.MuteRoom(_owner, false);
        Assert.True((await room.Post(_viewer, RoomMessageClass.Chat, "thanks")).Accepted);
    }

    [Fact]
    public async Task A_removed_viewer_is_pushed_to_every_gateway_kept_out_of_new_subscriptions_and_cannot_post()
    {
        var room = await fixture.NewRoomAsync(_owner, [_moderator]);
        var id = room.GetPrimaryKeyString();
        var gateways = new[] { fixture.NewGateway(), fixture.NewGateway() };
        foreach (var gateway in gateways)
        {
            await gateway.SubscribeAsync(room, 1);
        }

        await room.RemoveViewer(_moderator, _viewer, TimeSpan.FromMinutes(1));

        foreach (var gateway in gateways)
        {
            await gateway.Observer.WaitUntilAsync(() => gateway.Observer.Removals(id).Any(r => r.UserId == _viewer), "the removal reached the gateway");
        }
        var removal = gateways[0].Observer.Removals(id).Single();
        Assert.InRange(removal.UntilMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 50_000, 60_000);
        var late = await fixture.NewGateway().SubscribeAsync(room, 1);
        Assert.Contains(late.Removed, r => r.UserId == _viewer);
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => room.Post(_viewer, RoomMessageClass.Chat, "let me back"));
    }

    [Fact]
    public async Task Closing_tells_every_gateway_and_the_room_is_gone()
    {
        var room = await fixture.NewRoomAsync(_owner);
        var id = room.GetPrimaryKeyString();
        var gateway = fixture.NewGateway();
        await gateway.SubscribeAsync(room, 1);

        await room.Close(_owner);

        await gateway.Observer.WaitUntilAsync(() => gateway.Observer.WasClosed(id), "the gateway heard the room close");
        await ImAssert.Refused(ImErrorCode.NotFound, () => room.Post(_owner, RoomMessageClass.Chat, "anyone?"));
    }
}
