using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.LargeGroups;

[Collection(LargeGroupCollection.Name)]
public sealed class LargeGroupUnreadTests(LargeGroupClusterFixture fixture)
{
    [Fact]
    public async Task Unread_counts_after_the_read_seq_and_never_before_the_join_seq()
    {
        var owner = Ids.User("owner");
        var (conversation, members) = await LargeGroupBuilder.CreateAsync(fixture, owner, 8);
        var id = conversation.GetPrimaryKeyString();
        var early = members[0];
        for (var i = 0; i < 3; i++)
        {
            await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody($"before {i}")));
        }
        var late = Ids.User("late");
        var joined = await conversation.AddMembers(owner, [late]);
        var joinSeq = joined.LastSeq;
        await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("after 1")));
        await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("after 2")));
        await conversation.Send(new SendCommand(early, Ids.Client(), new TextBody("early's own")));

        // early: 5 messages from the owner since joining; their own message does not count.
        Assert.Equal(5, await UnreadAsync(early, id));
        // late: only what came after the join (early's message counts for them).
        Assert.Equal(3, await UnreadAsync(late, id));
        // The owner sent everything except early's message.
        Assert.Equal(1, await UnreadAsync(owner, id));

        var read = await fixture.User(early).MarkRead(id, joinSeq);
        // Left: the owner's two messages after the join notice (early's own never counts).
        Assert.Equal(2, read.Unread);
        Assert.Equal(2, await UnreadAsync(early, id));
        var list = await fixture.User(early).ListConversations();
        Assert.Equal(2, list.TotalUnread);
        Assert.Equal(joinSeq, list.Conversations.Single(c => c.ConversationId == id).ReadSeq);

        // The read seq is the user grain's: it survives the grain's next activation.
        await fixture.Cluster.DeactivateAsync(fixture.User(early));
        Assert.Equal(2, await UnreadAsync(early, id));

        Assert.Equal(0, (await fixture.User(late).MarkRead(id, 0)).Unread);
        Assert.Equal(0, await UnreadAsync(late, id));
    }

    [Fact]
    public async Task History_starts_at_the_join_seq_unless_the_group_opens_it()
    {
        var owner = Ids.User("owner");
        var (conversation, _) = await LargeGroupBuilder.CreateAsync(fixture, owner, 8);
        await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("old")));
        var late = Ids.User("late");
        var joinSeq = (await conversation.AddMembers(owner, [late])).LastSeq;
        await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("new")));

        var backward = await conversation.GetHistory(late, 0, HistoryDirection.Backward, 50);
        Assert.All(backward.Messages, m => Assert.True(m.Seq >= joinSeq));
        Assert.Equal([joinSeq + 1, joinSeq], backward.Messages.Select(m => m.Seq));
        var forward = await conversation.GetHistory(late, 0, HistoryDirection.Forward, 50);
        Assert.Equal(joinSeq, forward.Messages[0].Seq);

        await conversation.SetGroupSettings(owner, muteAll: null, historyForNewMembers: true);
        var opened = await conversation.GetHistory(late, 0, HistoryDirection.Forward, 50);
        Assert.Equal(1, opened.Messages[0].Seq);
        // Opening history does not make old messages unread for newcomers.
        Assert.Equal(1, await UnreadAsync(late, conversation.GetPrimaryKeyString()));
    }

    private async Task<int> UnreadAsync(string userId, string conversationId) =>
        (await fixture.User(userId).ListConversations()).Conversations.Single(c => c.ConversationId == conversationId).Unread;
}
