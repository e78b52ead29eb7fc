using Microsoft.Extensions.DependencyInjection;
using OrleansIm.Grains.Bans;
using OrleansIm.Grains.Interfaces.Bans;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Grains.Interfaces.Security;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Security;

[Collection(SecurityClusterCollection.Name)]
public sealed class BanTests(SecurityClusterFixture fixture)
{
    private readonly string _owner = Ids.User("owner");
    private readonly string _banned = Ids.User("banned");

    private IPlatformBansGrain Bans => fixture.Client.GetGrain<IPlatformBansGrain>(IPlatformBansGrain.Key);

    [Fact]
    public async Task Only_admins_and_services_ban_unban_or_list()
    {
        TestCaller.As(_owner);
        await Boundary.RefusesUnprivileged(() => Bans.Ban(_banned, 0, "spam"));
        await Boundary.RefusesUnprivileged(() => Bans.Unban(_banned));
        await Boundary.RefusesUnprivileged(() => Bans.List());
        TestCaller.As("root", CallerRoles.Admin);
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => Bans.Ban(_banned, 1, "in the past"));
        var ban = await Bans.Ban(_banned, 0, "spam");
        Assert.Equal(("root", "spam"), (ban.ByUserId, ban.Reason));
        Assert.Contains(await Bans.List(), b => b.UserId == _banned);
        Assert.True(await Bans.Unban(_banned));
        Assert.False(await Bans.Unban(_banned));
    }

    [Fact]
    public async Task A_banned_user_cannot_send_join_connect_or_post_until_unbanned()
    {
        var group = fixture.Conversation(ConversationId.NewGroup());
        TestCaller.As(_owner);
        await group.CreateGroup(_owner, "ban", [_banned]);
        var other = fixture.Conversation(ConversationId.NewGroup());
        await other.CreateGroup(_owner, "other", []);
        var room = fixture.Client.GetGrain<ILiveRoomGrain>(RoomId.New());
        await room.Create(new CreateRoomCommand(_owner, "room", [], 0));

        TestCaller.As("root", CallerRoles.Admin);
        await Bans.Ban(_banned, 0, "abuse");

        TestCaller.As(_banned);
        await Boundary.RefusesBanned(() => group.Send(new SendCommand(_banned, Ids.Client(), new TextBody("still here?"))));
        await Boundary.RefusesBanned(() => other.RequestJoin(_banned, "hi"));
        await Boundary.RefusesBanned(() => fixture.NewGateway().ConnectAsync(fixture.User(_banned), "phone"));
        await Boundary.RefusesBanned(() => room.Post(_banned, RoomMessageClass.Chat, "hi"));
        await Boundary.RefusesBanned(() => fixture.Conversation(ConversationId.Direct(_banned, _owner)).OpenDirect(_banned));
        // An admin acting for the banned user does not lift the ban either.
        TestCaller.As("root", CallerRoles.Admin);
        await Boundary.RefusesBanned(() => group.Send(new SendCommand(_banned, Ids.Client(), new TextBody("via admin"))));
        // Reading stays possible, and others are unaffected.
        TestCaller.As(_banned);
        Assert.Single((await group.GetHistory(_banned, 0, HistoryDirection.Forward, 10)).Messages);
        TestCaller.As(_owner);
        await group.Send(new SendCommand(_owner, Ids.Client(), new TextBody("fine")));

        TestCaller.As("ops", CallerRoles.Service);
        await Bans.Unban(_banned);
        TestCaller.As(_banned);
        await group.Send(new SendCommand(_banned, Ids.Client(), new TextBody("back")));
    }

    [Fact]
    public async Task A_ban_with_an_end_says_until_when_and_lapses_by_itself()
    {
        var group = fixture.Conversation(ConversationId.NewGroup());
        TestCaller.As(_owner);
        await group.CreateGroup(_owner, "timed", [_banned]);
        var until = fixture.Clock.GetUtcNow().AddHours(1).ToUnixTimeMilliseconds();
        TestCaller.As("root", CallerRoles.Admin);
        await Bans.Ban(_banned, until, "cool down");

        TestCaller.As(_banned);
        var refusal = await ImAssert.Refused(ImErrorCode.PermissionDenied, () => group.Send(new SendCommand(_banned, Ids.Client(), new TextBody("early"))));
        Assert.Contains($"banned until {DateTimeOffset.FromUnixTimeMilliseconds(until):u}", refusal.Message);

        fixture.TestClock.Advance(TimeSpan.FromHours(1));
        await group.Send(new SendCommand(_banned, Ids.Client(), new TextBody("later")));
        TestCaller.As("root", CallerRoles.Admin);
        Assert.DoesNotContain(await Bans.List(), b => b.UserId == _banned);
    }

    [Fact]
    public async Task A_silo_whose_copy_missed_a_ban_enforces_it_after_its_next_refresh()
    {
        var group = fixture.Conversation(ConversationId.NewGroup());
        TestCaller.As(_owner);
        await group.CreateGroup(_owner, "refresh", [_banned]);
        TestCaller.As("root", CallerRoles.Admin);
        await Bans.Ban(_banned, 0, "missed");

        // Wipe this silo's copy, as if the ban had been imposed on another silo.
        var copy = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<BanList>();
        copy.Replace([]);
        Assert.Null(copy.ActiveBan(_banned));

        await copy.NextReplacement.WaitAsync(TimeSpan.FromSeconds(30));
        TestCaller.As(_banned);
        await Boundary.RefusesBanned(() => group.Send(new SendCommand(_banned, Ids.Client(), new TextBody("caught"))));
        TestCaller.As("root", CallerRoles.Admin);
        await Bans.Unban(_banned);
    }

    [Fact]
    public async Task Banning_closes_the_users_open_streams_and_only_privileged_callers_may_close_streams()
    {
        var gateway = fixture.NewGateway();
        TestCaller.As(_banned);
        await gateway.ConnectAsync(fixture.User(_banned), "phone", "conn-1");
        await Boundary.RefusesUnprivileged(() => fixture.User(_banned).CloseStreams("no"));

        TestCaller.As("root", CallerRoles.Admin);
        await Bans.Ban(_banned, 0, "abuse");
        await gateway.Observer.WaitUntilAsync(() => gateway.Observer.ClosedConnections().Contains((_banned, "phone", "conn-1", $"'{_banned}' is banned.")), "the banned user's stream to be closed as banned");
        Assert.Empty(gateway.Observer.ReplacedConnections());
        Assert.Equal(0, await fixture.User(_banned).CloseStreams("again"));
        await Bans.Unban(_banned);
    }
}
