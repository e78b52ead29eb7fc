using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.LargeGroups;

[Collection(LargeGroupCollection.Name)]
public sealed class MentionTests(LargeGroupClusterFixture fixture)
{
    [Fact]
    public async Task A_mention_flags_only_the_mentioned_member_until_they_read_it()
    {
        var owner = Ids.User("owner");
        var (conversation, members) = await LargeGroupBuilder.CreateAsync(fixture, owner, 12);
        var id = conversation.GetPrimaryKeyString();
        var mentioned = members[0];
        var other = members[1];
        var gateway = fixture.NewGateway();
        await gateway.ConnectAsync(fixture.User(mentioned), "phone");

        var sent = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody($"@{mentioned} look"), [mentioned, "not-a-member"]));
        await gateway.Observer.WaitUntilAsync(
            () => gateway.Observer.Events(mentioned).Any(e => e.Kind == SyncEventKind.Mention && e.ConversationId == id && e.Seq == sent.Seq && e.ActorId == owner),
            "the mentioned member's devices learned of the mention");

        Assert.True(await MentionedAsync(mentioned, id));
        Assert.False(await MentionedAsync(other, id));

        await fixture.User(mentioned).MarkRead(id, sent.Seq);
        Assert.False(await MentionedAsync(mentioned, id));
    }

    [Fact]
    public async Task Mentions_per_message_are_bounded()
    {
        var owner = Ids.User("owner");
        var (conversation, members) = await LargeGroupBuilder.CreateAsync(fixture, owner, 12);
        var tooMany = members.Take(LargeGroupClusterFixture.MaxMentions + 1).ToArray();
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("all of you"), tooMany)));
    }

    private async Task<bool> MentionedAsync(string userId, string conversationId) =>
        (await fixture.User(userId).ListConversations()).Conversations.Single(c => c.ConversationId == conversationId).Mentioned;
}
