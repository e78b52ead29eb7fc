using Grpc.Core;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;
using static OrleansIm.Gateway.Tests.DirectMessagingTests;
using static OrleansIm.Gateway.Tests.PermissionTests;

namespace OrleansIm.Gateway.Tests;

[Collection(NodeCollection.Name)]
public sealed class GroupTests(NodeFixture fixture)
{
    [Fact]
    public async Task A_group_lives_through_create_add_remove_rename_and_leave()
    {
        await using var owner = await fixture.LoginAsync("owner");
        await using var ann = await fixture.LoginAsync("ann");
        await using var ben = await fixture.LoginAsync("ben");
        await using var cat = await fixture.LoginAsync("cat");
        await using var annStream = await ann.ConnectAsync();
        await using var catStream = await cat.ConnectAsync();

        var group = await owner.Chat.CreateGroupAsync(new CreateGroupRequest { Name = "Team", MemberIds = { ann.Id, ben.Id } });
        Assert.StartsWith("g:", group.Id);
        Assert.Equal(MemberRole.Owner, group.Members.Single(m => m.UserId == owner.Id).Role);
        var created = await annStream.WaitForAsync(f => f.Event?.Message?.Body?.System?.Kind == SystemNoticeKind.Created);
        Assert.Equal("Team", created.Event.Message.Body.System.Name);

        await owner.SendTextAsync(group.Id, "before cat");
        await PermissionTests.AssertStatus(StatusCode.PermissionDenied, async () => await ann.Chat.AddMembersAsync(new AddMembersRequest { ConversationId = group.Id, UserIds = { cat.Id } }));
        var withCat = await owner.Chat.AddMembersAsync(new AddMembersRequest { ConversationId = group.Id, UserIds = { cat.Id } });
        Assert.Contains(withCat.Members, m => m.UserId == cat.Id);
        var added = await catStream.WaitForAsync(f => f.Event?.Message?.Body?.System?.Kind == SystemNoticeKind.MembersAdded);
        await owner.SendTextAsync(group.Id, "after cat");
        await catStream.WaitUntilAsync(s => s.Messages.Any(m => m.Body?.Text?.Text == "after cat"));
        Assert.DoesNotContain(catStream.Messages, m => m.Body?.Text?.Text == "before cat");
        var catHistory = await cat.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = group.Id, Direction = Direction.Backward, Limit = 50 });
        Assert.All(catHistory.Messages, m => Assert.True(m.Seq >= added.Event.Message.Seq));

        await owner.Chat.RenameGroupAsync(new RenameGroupRequest { ConversationId = group.Id, Name = "Team 2" });
        var annList = await WaitForListAsync(ann, l => l.Conversations.Any(c => c.Id == group.Id && c.Title == "Team 2"));
        Assert.NotNull(annList);

        await owner.Chat.SetMemberRoleAsync(new SetMemberRoleRequest { ConversationId = group.Id, UserId = ann.Id, Role = MemberRole.Admin });
        await owner.Chat.RemoveMemberAsync(new RemoveMemberRequest { ConversationId = group.Id, UserId = cat.Id });
        await catStream.WaitForAsync(f => f.Event?.Message?.Body?.System?.Kind == SystemNoticeKind.MemberRemoved);
        await AssertStatus(StatusCode.PermissionDenied, () => cat.SendTextAsync(group.Id, "still here?"));
        await WaitForListAsync(cat, l => l.Conversations.All(c => c.Id != group.Id));

        await owner.Chat.LeaveGroupAsync(new LeaveGroupRequest { ConversationId = group.Id });
        var after = await ann.Chat.GetConversationAsync(new GetConversationRequest { ConversationId = group.Id });
        Assert.Equal(MemberRole.Owner, after.Members.Single(m => m.UserId == ann.Id).Role);
        Assert.DoesNotContain(after.Members, m => m.UserId == owner.Id);

        var seqs = (await ann.HistoryAsync(group.Id)).Messages.Select(m => m.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task Group_rules_are_enforced()
    {
        await using var owner = await fixture.LoginAsync("owner");
        await using var member = await fixture.LoginAsync("member");
        await using var bob = await fixture.LoginAsync("bob");
        var group = await owner.Chat.CreateGroupAsync(new CreateGroupRequest { Name = "Rules", MemberIds = { member.Id } });
        await AssertStatus(StatusCode.PermissionDenied, async () => await member.Chat.RemoveMemberAsync(new RemoveMemberRequest { ConversationId = group.Id, UserId = owner.Id }));
        await AssertStatus(StatusCode.PermissionDenied, async () => await member.Chat.RenameGroupAsync(new RenameGroupRequest { ConversationId = group.Id, Name = "mine" }));
        await AssertStatus(StatusCode.PermissionDenied, async () => await member.Chat.SetMemberRoleAsync(new SetMemberRoleRequest { ConversationId = group.Id, UserId = member.Id, Role = MemberRole.Admin }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await owner.Chat.SetMemberRoleAsync(new SetMemberRoleRequest { ConversationId = group.Id, UserId = member.Id, Role = MemberRole.Owner }));
        await AssertStatus(StatusCode.NotFound, async () => await owner.Chat.RemoveMemberAsync(new RemoveMemberRequest { ConversationId = group.Id, UserId = bob.Id }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await owner.Chat.AddMembersAsync(new AddMembersRequest { ConversationId = group.Id }));

        var direct = await owner.OpenDirectAsync(bob);
        await AssertStatus(StatusCode.FailedPrecondition, async () => await owner.Chat.AddMembersAsync(new AddMembersRequest { ConversationId = direct.Id, UserIds = { member.Id } }));
        await AssertStatus(StatusCode.FailedPrecondition, async () => await owner.Chat.LeaveGroupAsync(new LeaveGroupRequest { ConversationId = direct.Id }));
    }
}
