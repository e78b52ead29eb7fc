using Grpc.Core;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;
using static OrleansIm.Gateway.Tests.PermissionTests;

namespace OrleansIm.Gateway.Tests;

/// <summary>Large groups over real gRPC: the merged hint frame and the moderation RPCs' status codes.</summary>
[Collection(NodeCollection.Name)]
public sealed class LargeGroupTests(NodeFixture fixture)
{
    /// <summary>Above the node's default threshold of 500, in one CreateGroup call (at most 1000 a call).</summary>
    private const int Members = 600;

    [Fact]
    public async Task Members_of_a_large_group_get_a_hint_frame_and_pull_instead_of_message_events()
    {
        await using var owner = await fixture.LoginAsync("owner");
        await using var ann = await fixture.LoginAsync("ann");
        var group = await CreateLargeAsync(owner, ann.Id);
        Assert.True(group.Large);
        Assert.Equal(Members + 1, group.MemberCount);
        await using var annStream = await ann.ConnectAsync();

        var ack = await owner.SendTextAsync(group.Id, "to six hundred");

        var hint = await annStream.WaitForAsync(f => f.Advanced is { } a && a.ConversationId == group.Id && a.LastSeq >= ack.Seq);
        Assert.True(hint.Advanced.PreviousSeq < ack.Seq);
        Assert.DoesNotContain(annStream.Messages, m => m.ConversationId == group.Id);
        var pulled = await ann.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = group.Id, AnchorSeq = hint.Advanced.PreviousSeq, Direction = Direction.Forward });
        Assert.Contains(pulled.Messages, m => m.Seq == ack.Seq && m.Body.Text.Text == "to six hundred");

        var list = await ann.Chat.ListConversationsAsync(new ListConversationsRequest());
        var summary = list.Conversations.Single(c => c.Id == group.Id);
        Assert.Equal(1, summary.Unread);
        Assert.Equal(ack.Seq, summary.LastSeq);
    }

    [Fact]
    public async Task Moderation_and_join_requests_answer_with_their_status_codes()
    {
        await using var owner = await fixture.LoginAsync("owner");
        await using var ann = await fixture.LoginAsync("ann");
        await using var outsider = await fixture.LoginAsync("outsider");
        var group = await CreateLargeAsync(owner, ann.Id);

        await AssertStatus(StatusCode.PermissionDenied, async () => await ann.Chat.SetMemberMutedAsync(new SetMemberMutedRequest { ConversationId = group.Id, UserId = owner.Id, Muted = true }));
        await AssertStatus(StatusCode.NotFound, async () => await owner.Chat.SetMemberMutedAsync(new SetMemberMutedRequest { ConversationId = group.Id, UserId = outsider.Id, Muted = true }));
        var muted = await owner.Chat.SetMemberMutedAsync(new SetMemberMutedRequest { ConversationId = group.Id, UserId = ann.Id, Muted = true });
        Assert.True(muted.Large);
        await AssertStatus(StatusCode.PermissionDenied, () => ann.SendTextAsync(group.Id, "muted"));
        await AssertStatus(StatusCode.PermissionDenied, async () => await ann.Chat.UpdateGroupSettingsAsync(new UpdateGroupSettingsRequest { ConversationId = group.Id, MuteAll = true }));
        var settings = await owner.Chat.UpdateGroupSettingsAsync(new UpdateGroupSettingsRequest { ConversationId = group.Id, HistoryForNewMembers = true });
        Assert.True(settings.HistoryForNewMembers);
        Assert.False(settings.MuteAll);

        await AssertStatus(StatusCode.NotFound, async () => await outsider.Chat.RequestJoinAsync(new RequestJoinRequest { ConversationId = "g:" + Guid.NewGuid().ToString("N") }));
        await AssertStatus(StatusCode.FailedPrecondition, async () => await ann.Chat.RequestJoinAsync(new RequestJoinRequest { ConversationId = group.Id }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await outsider.Chat.RequestJoinAsync(new RequestJoinRequest { ConversationId = group.Id, Note = new string('n', 500) }));
        await outsider.Chat.RequestJoinAsync(new RequestJoinRequest { ConversationId = group.Id, Note = "hello" });
        await AssertStatus(StatusCode.PermissionDenied, async () => await ann.Chat.ListJoinRequestsAsync(new ListJoinRequestsRequest { ConversationId = group.Id }));
        var pending = await owner.Chat.ListJoinRequestsAsync(new ListJoinRequestsRequest { ConversationId = group.Id });
        Assert.Equal(outsider.Id, pending.Requests.Single().UserId);
        var approved = await owner.Chat.DecideJoinRequestAsync(new DecideJoinRequestRequest { ConversationId = group.Id, UserId = outsider.Id, Approve = true });
        Assert.Equal(Members + 2, approved.MemberCount);
        await AssertStatus(StatusCode.NotFound, async () => await owner.Chat.DecideJoinRequestAsync(new DecideJoinRequestRequest { ConversationId = group.Id, UserId = outsider.Id, Approve = false }));

        await AssertStatus(StatusCode.InvalidArgument, async () => await owner.Chat.ListMembersAsync(new ListMembersRequest { ConversationId = group.Id, Limit = 100_000 }));
        await using var stranger = await fixture.LoginAsync("stranger");
        await AssertStatus(StatusCode.PermissionDenied, async () => await stranger.Chat.ListMembersAsync(new ListMembersRequest { ConversationId = group.Id }));
        var page = await owner.Chat.ListMembersAsync(new ListMembersRequest { ConversationId = group.Id, Limit = 200 });
        Assert.Equal(200, page.Members.Count);
        Assert.True(page.HasMore);
        Assert.Equal(Members + 2, page.MemberCount);

        var tooMany = new SendRequest { ConversationId = group.Id, ClientMessageId = Guid.NewGuid().ToString("N"), Body = new MessageBody { Text = new TextBody { Text = "@all" } } };
        tooMany.MentionUserIds.AddRange(page.Members.Take(21).Select(m => m.UserId));
        await AssertStatus(StatusCode.InvalidArgument, async () => await owner.Chat.SendAsync(tooMany));
    }

    private static async Task<Conversation> CreateLargeAsync(TestUser owner, string member)
    {
        var ids = Enumerable.Range(0, Members - 1).Select(i => NodeFixture.Unique($"crowd{i}")).Append(member);
        return await owner.Chat.CreateGroupAsync(new CreateGroupRequest { Name = "crowd", MemberIds = { ids } });
    }
}
