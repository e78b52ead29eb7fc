using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Security;

/// <summary>A user grain acts for its own key; a room names its poster and moderator. Both refuse a caller who is someone else.</summary>
[Collection(SecurityClusterCollection.Name)]
public sealed class UserAndRoomBoundaryTests(SecurityClusterFixture fixture)
{
    private readonly string _alice = Ids.User("alice");
    private readonly string _mallory = Ids.User("mallory");

    [Fact]
    public async Task Another_users_grain_refuses_connect_sync_ack_list_and_read()
    {
        var alice = fixture.User(_alice);
        var gateway = fixture.NewGateway();
        var direct = ConversationId.Direct(_alice, _mallory);

        TestCaller.As(_mallory);
        await Boundary.RefusesImpersonation(() => gateway.ConnectAsync(alice, "stolen-phone"));
        await Boundary.RefusesImpersonation(() => alice.Disconnect("phone", "c1"));
        // Refresh registers an observer for the user's pushes: a forged one would eavesdrop.
        await Boundary.RefusesImpersonation(() => alice.Refresh("stolen-phone", "c2", gateway.Reference));
        await Boundary.RefusesImpersonation(() => alice.Sync(0, 10));
        await Boundary.RefusesImpersonation(() => alice.AckCursor("phone", 1));
        await Boundary.RefusesImpersonation(() => alice.ListConversations());
        await Boundary.RefusesImpersonation(() => alice.MarkRead(direct, 1));
        // Presence is about other users by design (the gateway filters it to the caller's direct peers).
        await alice.GetPresence();

        TestCaller.As(_alice);
        await gateway.ConnectAsync(alice, "phone", "c3");
        await alice.Refresh("phone", "c3", gateway.Reference);
        await alice.Sync(0, 10);
        await alice.AckCursor("phone", 0);
        await alice.ListConversations();
    }

    [Fact]
    public async Task A_room_refuses_posts_and_moderation_for_someone_else()
    {
        var room = fixture.Client.GetGrain<ILiveRoomGrain>(RoomId.New());
        TestCaller.As(_mallory);
        await Boundary.RefusesImpersonation(() => room.Create(new CreateRoomCommand(_alice, "not mine", [], 0)));
        TestCaller.As(_alice);
        await room.Create(new CreateRoomCommand(_alice, "mine", [], 0));

        TestCaller.As(_mallory);
        await Boundary.RefusesImpersonation(() => room.Post(_alice, RoomMessageClass.Chat, "in alice's name"));
        await Boundary.RefusesImpersonation(() => room.MuteUser(_alice, _mallory, TimeSpan.Zero));
        await Boundary.RefusesImpersonation(() => room.MuteRoom(_alice, true));
        await Boundary.RefusesImpersonation(() => room.RemoveViewer(_alice, "someone", TimeSpan.Zero));
        await Boundary.RefusesImpersonation(() => room.Close(_alice));
        Assert.True((await room.Post(_mallory, RoomMessageClass.Chat, "in my own name")).Accepted);

        TestCaller.As(_alice);
        await room.MuteUser(_alice, _mallory, TimeSpan.FromMinutes(1));
        await room.Close(_alice);
    }
}
