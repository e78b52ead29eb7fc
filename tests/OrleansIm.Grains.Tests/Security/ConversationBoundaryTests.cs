using Microsoft.Extensions.DependencyInjection;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Security;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Security;

/// <summary>Every client-facing conversation method: a caller acting for someone else is refused, the user themself is let through.</summary>
[Collection(SecurityClusterCollection.Name)]
public sealed class ConversationBoundaryTests(SecurityClusterFixture fixture)
{
    private readonly string _owner = Ids.User("owner");
    private readonly string _member = Ids.User("member");
    private readonly string _outsider = Ids.User("outsider");
    private readonly string _mallory = Ids.User("mallory");

    private async Task<IConversationGrain> GroupAsync()
    {
        var group = fixture.Conversation(ConversationId.NewGroup());
        TestCaller.As(_owner);
        await group.CreateGroup(_owner, "boundary", [_member]);
        return group;
    }

    [Fact]
    public async Task Messages_history_and_reads_are_refused_to_a_caller_acting_for_another_member()
    {
        var group = await GroupAsync();
        TestCaller.As(_mallory);
        await Boundary.RefusesImpersonation(() => group.Send(new SendCommand(_owner, Ids.Client(), new TextBody("forged"))));
        await Boundary.RefusesImpersonation(() => group.GetHistory(_owner, 0, HistoryDirection.Forward, 10));
        await Boundary.RefusesImpersonation(() => group.GetInfo(_owner));
        await Boundary.RefusesImpersonation(() => group.GetReadPositions(_owner));
        await Boundary.RefusesImpersonation(() => group.Typing(_owner, true));
        await Boundary.RefusesImpersonation(() => group.RecordRead(_owner, 1));
        await Boundary.RefusesImpersonation(() => group.ListMembers(_owner, "", 10));
        await Boundary.RefusesImpersonation(() => group.Edit(_owner, 1, Ids.Client(), new TextBody("x")));
        await Boundary.RefusesImpersonation(() => group.Recall(_owner, 1, Ids.Client()));

        TestCaller.As(_owner);
        var sent = await group.Send(new SendCommand(_owner, Ids.Client(), new TextBody("mine")));
        Assert.Equal(2, sent.Seq);
        Assert.Equal(2, (await group.GetHistory(_owner, 0, HistoryDirection.Forward, 10)).Messages.Length);
        await group.Typing(_owner, true);
        await group.Edit(_owner, sent.Seq, Ids.Client(), new TextBody("mine, edited"));
        await group.Recall(_owner, sent.Seq, Ids.Client());
        TestCaller.As(_member);
        Assert.Equal(4, (await group.GetInfo(_member)).LastSeq);
    }

    [Fact]
    public async Task Membership_changes_and_join_requests_are_refused_to_a_caller_acting_for_another_user()
    {
        var group = await GroupAsync();
        TestCaller.As(_mallory);
        await Boundary.RefusesImpersonation(() => group.AddMembers(_owner, [_mallory]));
        await Boundary.RefusesImpersonation(() => group.RemoveMember(_owner, _member));
        await Boundary.RefusesImpersonation(() => group.Leave(_member));
        await Boundary.RefusesImpersonation(() => group.Rename(_owner, "pwned"));
        await Boundary.RefusesImpersonation(() => group.SetRole(_owner, _member, MemberRole.Admin));
        await Boundary.RefusesImpersonation(() => group.SetMuted(_owner, _member, true));
        await Boundary.RefusesImpersonation(() => group.SetGroupSettings(_owner, true, null));
        await Boundary.RefusesImpersonation(() => group.RequestJoin(_outsider, "let me in"));
        await Boundary.RefusesImpersonation(() => group.ListJoinRequests(_owner));
        await Boundary.RefusesImpersonation(() => group.DecideJoinRequest(_owner, _outsider, true));
        await Boundary.RefusesImpersonation(() => group.CreateGroup(_owner, "not mine", []));
        await Boundary.RefusesImpersonation(() => fixture.Conversation(ConversationId.Direct(_owner, _member)).OpenDirect(_owner));

        TestCaller.As(_outsider);
        await group.RequestJoin(_outsider, "let me in");
        TestCaller.As(_owner);
        Assert.Equal(_outsider, Assert.Single(await group.ListJoinRequests(_owner)).UserId);
        await group.DecideJoinRequest(_owner, _outsider, true);
        await group.Rename(_owner, "renamed");
        await group.SetRole(_owner, _member, MemberRole.Admin);
        await group.SetGroupSettings(_owner, null, true);
        await group.RemoveMember(_owner, _outsider);
        TestCaller.As(_member);
        await group.Leave(_member);
        TestCaller.As(_owner);
        Assert.Equal([_owner], (await group.GetInfo(_owner)).Members.Select(m => m.UserId));
    }

    [Fact]
    public async Task A_call_without_any_caller_is_refused_even_for_a_plain_read()
    {
        var group = await GroupAsync();
        TestCaller.Anonymous();
        var refusal = await ImAssert.Refused(ImErrorCode.PermissionDenied, () => group.GetInfo(_owner));
        Assert.Contains("no authenticated caller", refusal.Message);
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => group.Send(new SendCommand(_owner, Ids.Client(), new TextBody("who am I"))));
    }

    [Fact]
    public async Task Admins_and_services_may_act_for_users_but_a_plain_user_cannot_create_a_group_for_someone_else()
    {
        var group = fixture.Conversation(ConversationId.NewGroup());
        TestCaller.As(_mallory);
        await Boundary.RefusesImpersonation(() => group.CreateGroup(_owner, "for you", [_member]));

        TestCaller.As("root", CallerRoles.Admin);
        var info = await group.CreateGroup(_owner, "for you", [_member]);
        Assert.Equal(_owner, info.Members[0].UserId);
        TestCaller.As("backend", CallerRoles.Service);
        await group.Send(new SendCommand(_member, Ids.Client(), new TextBody("sent by a bot for the member")));
        TestCaller.As(_member);
        Assert.Equal(_member, (await group.GetHistory(_member, 0, HistoryDirection.Forward, 10)).Messages[^1].SenderId);
    }

    [Fact]
    public async Task Deliveries_receipts_and_reads_between_grains_still_work_under_the_senders_caller()
    {
        var group = await GroupAsync();
        var gateway = fixture.NewGateway();
        TestCaller.As(_member);
        await gateway.ConnectAsync(fixture.User(_member), "phone");
        TestCaller.As(_owner);
        await gateway.ConnectAsync(fixture.User(_owner), "phone");
        var id = group.GetPrimaryKeyString();

        // The owner's caller flows into the member's user grain (DeliverMessages) and on from there.
        var sent = await group.Send(new SendCommand(_owner, Ids.Client(), new TextBody("hello")));
        await gateway.Observer.WaitForMessageAsync(_member, id, sent.Seq);

        // The member's user grain calls RecordRead on the conversation, which sends a receipt to the owner's grain.
        TestCaller.As(_member);
        await fixture.User(_member).MarkRead(id, sent.Seq);
        TestCaller.As(_owner);
        var positions = await group.GetReadPositions(_owner);
        Assert.Equal(sent.Seq, positions.Single(p => p.UserId == _member).ReadSeq);
    }

    [Fact]
    public async Task A_forged_call_from_inside_the_silo_process_is_refused_like_one_from_a_remote_client()
    {
        var group = await GroupAsync();
        // The co-hosted gateway's path: the silo's own client, outside any grain.
        var inProcess = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<IConversationGrain>(group.GetPrimaryKeyString());
        TestCaller.As(_mallory);
        await Boundary.RefusesImpersonation(() => inProcess.GetInfo(_owner));
        TestCaller.Anonymous();
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => inProcess.GetInfo(_owner));
        TestCaller.As(_member);
        Assert.Equal(2, (await inProcess.GetInfo(_member)).Members.Length);
    }
}
