using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Security;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Security;

[Collection(SecurityClusterCollection.Name)]
public sealed class SystemMessageTests(SecurityClusterFixture fixture)
{
    private readonly string _owner = Ids.User("owner");
    private readonly string _member = Ids.User("member");

    [Fact]
    public async Task Only_admins_and_services_post_announcements_which_members_receive_filtered_and_unread()
    {
        var group = fixture.Conversation(ConversationId.NewGroup());
        var id = group.GetPrimaryKeyString();
        var gateway = fixture.NewGateway();
        TestCaller.As(_member);
        await gateway.ConnectAsync(fixture.User(_member), "phone");
        TestCaller.As(_owner);
        await group.CreateGroup(_owner, "announce", [_member]);

        // Even the group's owner is not an operator.
        await Boundary.RefusesUnprivileged(() => group.PostSystemMessage(Ids.Client(), "maintenance"));

        TestCaller.As("root", CallerRoles.Admin);
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => group.PostSystemMessage(Ids.Client(), "forbidden"));
        await ImAssert.Refused(ImErrorCode.NotFound, () => fixture.Conversation(ConversationId.NewGroup()).PostSystemMessage(Ids.Client(), "hello"));
        var clientMessageId = Ids.Client();
        var posted = await group.PostSystemMessage(clientMessageId, "darn maintenance tonight");
        Assert.Equal(posted.Seq, (await group.PostSystemMessage(clientMessageId, "darn maintenance tonight")).Seq);

        await gateway.Observer.WaitForMessageAsync(_member, id, posted.Seq);
        TestCaller.As(_member);
        var notice = Assert.IsType<SystemNoticeBody>((await group.GetHistory(_member, 0, HistoryDirection.Forward, 10)).Messages[^1].Body);
        Assert.Equal((SystemNoticeKind.Announcement, "root", "**** maintenance tonight"), (notice.Kind, notice.ActorId, notice.Text));
        Assert.Equal(1, (await Reads.EntryAsync(fixture.User(_member), id))!.Unread);
    }
}
