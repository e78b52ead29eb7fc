using Grpc.Core;
using OrleansIm.Gateway.Tests.Security;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;
using static OrleansIm.Gateway.Tests.PermissionTests;

namespace OrleansIm.Gateway.Tests;

/// <summary>
/// A large group's members pull each hint window from their gateway, which the conversation gave
/// the window's messages once: the answer is the one the conversation would give, and anything
/// the window cannot answer (a stranger, an anchor outside it, a page over the limit) still goes
/// to the conversation and gets its answer or its refusal.
/// </summary>
// In the keys-node collection only to run one at a time with the other tests that start nodes of their own.
[Collection(KeysNodeCollection.Name)]
public sealed class LargeGroupWindowTests : IAsyncLifetime
{
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(settings: new Dictionary<string, string>
    {
        ["OrleansIm:Messaging:LargeGroupThreshold"] = "5",
        // A message sent right after a hint is announced only at the window's end, seconds later:
        // until then the gateway holds the window the test pulls from.
        ["OrleansIm:Messaging:HintWindow"] = "00:00:05",
        ["OrleansIm:Gateway:LargeGroupWindowLifetime"] = "00:00:30",
    });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_member_pulls_the_announced_window_from_the_gateway_and_others_get_the_conversations_answer()
    {
        await using var owner = await TestUser.LoginAsync(_node, NodeFixture.Unique("owner"));
        await using var ann = await TestUser.LoginAsync(_node, NodeFixture.Unique("ann"));
        await using var stranger = await TestUser.LoginAsync(_node, NodeFixture.Unique("stranger"));
        var members = Enumerable.Range(0, 8).Select(i => NodeFixture.Unique($"m{i}")).Append(ann.Id);
        var group = await owner.Chat.CreateGroupAsync(new CreateGroupRequest { Name = "window", MemberIds = { members } });
        Assert.True(group.Large);
        await using var annStream = await ann.ConnectAsync();

        // Announced at once, or at the end of the window the group's creation notice opened.
        var first = await owner.SendTextAsync(group.Id, "first");
        var hint = (await annStream.WaitForAsync(f => f.Advanced is { } a && a.ConversationId == group.Id && a.LastSeq >= first.Seq, TimeSpan.FromSeconds(30))).Advanced;
        var later = await owner.SendTextAsync(group.Id, "sent after the hint");

        var fromWindow = await ann.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = group.Id, AnchorSeq = hint.PreviousSeq, Direction = Direction.Forward, Limit = 50 });
        // The conversation would also return the later message and say it is the last; the
        // gateway answers what the hint announced.
        Assert.Equal(hint.LastSeq, fromWindow.LastSeq);
        Assert.False(fromWindow.HasMore);
        Assert.Equal(Enumerable.Range((int)hint.PreviousSeq + 1, (int)(hint.LastSeq - hint.PreviousSeq)).Select(s => (long)s), fromWindow.Messages.Select(m => m.Seq));
        Assert.Contains(fromWindow.Messages, m => m.Seq == first.Seq && m.Body.Text.Text == "first");

        var oneAtATime = await ann.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = group.Id, AnchorSeq = hint.PreviousSeq, Direction = Direction.Forward, Limit = 1 });
        Assert.Equal(hint.PreviousSeq + 1, Assert.Single(oneAtATime.Messages).Seq);
        Assert.Equal(hint.LastSeq > hint.PreviousSeq + 1, oneAtATime.HasMore);

        var fromConversation = await ann.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = group.Id, AnchorSeq = hint.LastSeq, Direction = Direction.Forward, Limit = 50 });
        Assert.Equal(later.Seq, fromConversation.LastSeq);
        Assert.Equal(later.Seq, Assert.Single(fromConversation.Messages).Seq);

        await AssertStatus(StatusCode.PermissionDenied, async () => await stranger.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = group.Id, AnchorSeq = hint.PreviousSeq, Direction = Direction.Forward, Limit = 50 }));
        await AssertStatus(StatusCode.InvalidArgument, async () => await ann.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = group.Id, AnchorSeq = hint.PreviousSeq, Direction = Direction.Forward, Limit = 100_000 }));
    }
}
