using Orleans.Runtime;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class RebuildTests(ImClusterFixture fixture)
{
    [Fact]
    public async Task A_user_rebuilt_from_snapshot_and_log_has_the_same_list_and_counts()
    {
        var me = Ids.User("me");
        var bob = Ids.User("bob");
        var carol = Ids.User("carol");
        var gateway = fixture.NewGateway();
        await gateway.ConnectAsync(fixture.User(me), "phone");
        var user = fixture.User(me);
        var withBob = fixture.Conversation(ConversationId.Direct(me, bob));
        var withCarol = fixture.Conversation(ConversationId.Direct(carol, me));
        var team = fixture.Conversation(ConversationId.NewGroup());
        var left = fixture.Conversation(ConversationId.NewGroup());

        // Phase one: messages both ways, a read, an edit, a recall, a rename, a group left behind.
        await team.CreateGroup(bob, "team", [me, carol]);
        await left.CreateGroup(carol, "left behind", [me, bob]);
        for (var i = 0; i < 5; i++)
        {
            await withBob.Send(new SendCommand(bob, Ids.Client(), new TextBody($"bob {i}")));
            await team.Send(new SendCommand(i % 2 == 0 ? carol : bob, Ids.Client(), new TextBody($"team {i}")));
        }
        var fromCarol = await withCarol.Send(new SendCommand(carol, Ids.Client(), new TextBody("draft")));
        await withCarol.Edit(carol, fromCarol.Seq, Ids.Client(), new TextBody("final"));
        await withBob.Send(new SendCommand(me, Ids.Client(), new TextBody("mine")));
        await withBob.Send(new SendCommand(bob, Ids.Client(), new TextBody("after mine")));
        var recallMe = await team.Send(new SendCommand(carol, Ids.Client(), new TextBody("oops")));
        await team.Recall(carol, recallMe.Seq, Ids.Client());
        await team.Rename(bob, "the team");
        await left.Send(new SendCommand(carol, Ids.Client(), new TextBody("unread then gone")));
        await left.Leave(me);
        await WaitUntilQuiet(gateway, user, withBob, withCarol, team, left);
        await user.MarkRead(team.GetPrimaryKeyString(), 4);
        await WaitUntilQuiet(gateway, user, withBob, withCarol, team, left);
        var phaseOne = await user.ListConversations();
        AssertConsistent(phaseOne);
        Assert.Equal(3, phaseOne.Conversations.Length);
        Assert.True(phaseOne.TotalUnread > 0);

        // A graceful deactivation: the next activation starts from the snapshot it wrote.
        await DeactivateEverythingAsync(user);
        Assert.Equal(Reads.Render(phaseOne), Reads.Render(await user.ListConversations()));
        var phaseOneSnapshot = GrainStateRows.Read(fixture, "user", me);
        Assert.NotNull(phaseOneSnapshot);

        // Phase two, then a crash-like restart: the snapshot is phase one's, the rest is replayed from the log.
        await gateway.ConnectAsync(user, "phone");
        for (var i = 0; i < 3; i++)
        {
            await team.Send(new SendCommand(carol, Ids.Client(), new TextBody($"more {i}")));
            await withCarol.Send(new SendCommand(carol, Ids.Client(), new TextBody($"more {i}")));
        }
        var recallLater = await withBob.Send(new SendCommand(bob, Ids.Client(), new TextBody("regret")));
        await withBob.Recall(bob, recallLater.Seq, Ids.Client());
        await withCarol.Edit(carol, fromCarol.Seq, Ids.Client(), new TextBody("final, really"));
        await left.AddMembers(carol, [me]);
        await left.Send(new SendCommand(bob, Ids.Client(), new TextBody("welcome back")));
        await WaitUntilQuiet(gateway, user, withBob, withCarol, team, left);
        await user.MarkRead(withCarol.GetPrimaryKeyString(), fromCarol.Seq + 2);
        await WaitUntilQuiet(gateway, user, withBob, withCarol, team, left);
        var phaseTwo = await user.ListConversations();
        AssertConsistent(phaseTwo);
        Assert.Equal(4, phaseTwo.Conversations.Length);

        await DeactivateEverythingAsync(user);
        Assert.NotEqual(phaseOneSnapshot, GrainStateRows.Read(fixture, "user", me));
        GrainStateRows.Overwrite(fixture, "user", me, phaseOneSnapshot);
        Assert.Equal(Reads.Render(phaseTwo), Reads.Render(await user.ListConversations()));

        // No snapshot at all: everything comes from the log.
        await DeactivateEverythingAsync(user);
        GrainStateRows.Delete(fixture, "user", me);
        var fromLogAlone = await user.ListConversations();
        Assert.Equal(Reads.Render(phaseTwo), Reads.Render(fromLogAlone));
        Assert.Equal(phaseTwo.LatestSyncSeq, (await user.Sync(0, 1)).LatestSyncSeq);

        // And the rebuilt grain carries on where the old one stopped.
        await gateway.ConnectAsync(user, "phone");
        var next = await withBob.Send(new SendCommand(bob, Ids.Client(), new TextBody("still there?")));
        await gateway.Observer.WaitForMessageAsync(me, withBob.GetPrimaryKeyString(), next.Seq);
        var log = await Reads.SyncLogAsync(user);
        Assert.Equal(Enumerable.Range(1, log.Count).Select(i => (long)i), log.Select(e => e.SyncSeq));
        Assert.Equal(phaseTwo.LatestSyncSeq + 1, log[^1].SyncSeq);
    }

    /// <summary>
    /// Waits until every conversation's last message reached the user's list (the user's grain
    /// pushes after applying, so each push is a moment to look again).
    /// </summary>
    private async Task WaitUntilQuiet(TestGateway gateway, IUserGrain user, params Interfaces.Conversations.IConversationGrain[] conversations)
    {
        var me = user.GetPrimaryKeyString();
        var expected = new Dictionary<string, long>();
        foreach (var conversation in conversations)
        {
            var page = await conversation.GetHistory(me, 0, HistoryDirection.Backward, 1).ContinueWith(t => t.IsFaulted ? null : t.Result);
            if (page is not null)
            {
                expected[conversation.GetPrimaryKeyString()] = page.LastSeq;
            }
        }
        await gateway.Observer.WaitUntilAsync(async () =>
        {
            var list = await user.ListConversations();
            var log = await user.Sync(0, 1);
            return expected.All(e => list.Conversations.SingleOrDefault(c => c.ConversationId == e.Key)?.LastSeq == e.Value)
                && list.LatestSyncSeq == log.LatestSyncSeq;
        }, "the user's list caught up with every conversation");
        // Reads and receipts are pushed too: wait until everything the log holds was pushed.
        var latest = (await user.Sync(0, 1)).LatestSyncSeq;
        await gateway.Observer.WaitForSyncSeqAsync(me, latest);
    }

    private static void AssertConsistent(ConversationList list)
    {
        Assert.Equal(list.Conversations.Sum(c => c.Unread), list.TotalUnread);
        Assert.All(list.Conversations, c => Assert.InRange(c.Unread, 0, c.LastSeq - c.ReadSeq));
    }

    /// <summary>Collects every idle activation in the silo, then makes sure the user's is gone too.</summary>
    private async Task DeactivateEverythingAsync(IUserGrain user)
    {
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await fixture.Cluster.DeactivateAsync(user);
        Assert.False(fixture.Cluster.TryGetGrainContext(user.GetGrainId(), out _));
    }
}
