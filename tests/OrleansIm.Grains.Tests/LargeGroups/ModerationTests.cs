using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.LargeGroups;

[Collection(LargeGroupCollection.Name)]
public sealed class ModerationTests(LargeGroupClusterFixture fixture)
{
    [Fact]
    public async Task Muted_members_and_mute_all_stop_sends_but_not_admins()
    {
        var owner = Ids.User("owner");
        var (conversation, members) = await LargeGroupBuilder.CreateAsync(fixture, owner, 10);
        var admin = members[0];
        var member = members[1];
        var bystander = members[2];
        await conversation.SetRole(owner, admin, MemberRole.Admin);

        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.SetMuted(bystander, member, true));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.SetMuted(admin, owner, true));
        await ImAssert.Refused(ImErrorCode.NotFound, () => conversation.SetMuted(admin, Ids.User("stranger"), true));

        var muted = await conversation.SetMuted(admin, member, true);
        Assert.True((await conversation.ListMembers(owner, "", 200)).Members.Single(m => m.UserId == member).Muted);
        Assert.True(muted.Large);
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.Send(new SendCommand(member, Ids.Client(), new TextBody("hi"))));
        await conversation.Send(new SendCommand(bystander, Ids.Client(), new TextBody("still fine")));

        await conversation.SetMuted(admin, member, false);
        await conversation.Send(new SendCommand(member, Ids.Client(), new TextBody("back")));

        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.SetGroupSettings(member, muteAll: true, historyForNewMembers: null));
        var all = await conversation.SetGroupSettings(admin, muteAll: true, historyForNewMembers: null);
        Assert.True(all.MuteAll);
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.Send(new SendCommand(bystander, Ids.Client(), new TextBody("hi"))));
        await conversation.Send(new SendCommand(admin, Ids.Client(), new TextBody("admins may")));
        await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("owner may")));
    }

    [Fact]
    public async Task Join_requests_are_decided_by_admins()
    {
        var owner = Ids.User("owner");
        var (conversation, members) = await LargeGroupBuilder.CreateAsync(fixture, owner, 10);
        var asker = Ids.User("asker");
        var denied = Ids.User("denied");

        await ImAssert.Refused(ImErrorCode.NotFound, () => fixture.Conversation(ConversationId.NewGroup()).RequestJoin(asker, ""));
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.RequestJoin(members[0], ""));
        await conversation.RequestJoin(asker, "let me in");
        await conversation.RequestJoin(asker, "again");
        await conversation.RequestJoin(denied, "");
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.GetHistory(asker, 0, HistoryDirection.Backward, 10));

        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.ListJoinRequests(members[0]));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.DecideJoinRequest(members[0], asker, true));
        var pending = await conversation.ListJoinRequests(owner);
        Assert.Equal([asker, denied], pending.Select(r => r.UserId));
        Assert.Equal("let me in", pending[0].Note);

        var approved = await conversation.DecideJoinRequest(owner, asker, approve: true);
        Assert.Equal(11, approved.MemberCount);
        var history = await conversation.GetHistory(asker, 0, HistoryDirection.Backward, 10);
        Assert.Equal(approved.LastSeq, history.Messages[0].Seq);

        await conversation.DecideJoinRequest(owner, denied, approve: false);
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.GetInfo(denied));
        await ImAssert.Refused(ImErrorCode.NotFound, () => conversation.DecideJoinRequest(owner, denied, approve: true));
        Assert.Empty(await conversation.ListJoinRequests(owner));
    }

    [Fact]
    public async Task Members_leave_and_are_removed_by_rows()
    {
        var owner = Ids.User("owner");
        var (conversation, members) = await LargeGroupBuilder.CreateAsync(fixture, owner, 10);
        await conversation.Leave(members[0]);
        await conversation.RemoveMember(owner, members[1]);
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.GetInfo(members[0]));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.GetInfo(members[1]));
        Assert.Null(await fixture.Store.GetGroupMemberAsync(conversation.GetPrimaryKeyString(), members[0]));
        Assert.Equal(8, (await conversation.GetInfo(owner)).MemberCount);
        Assert.DoesNotContain((await fixture.User(members[0]).ListConversations()).Conversations, c => c.ConversationId == conversation.GetPrimaryKeyString());
    }
}
