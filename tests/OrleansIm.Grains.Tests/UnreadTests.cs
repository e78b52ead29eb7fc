using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class UnreadTests(ImClusterFixture fixture)
{
    [Fact]
    public async Task Unread_follows_messages_own_sends_and_reads()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var gateway = fixture.NewGateway();
        await gateway.ConnectAsync(fixture.User(alice), "phone");
        await gateway.ConnectAsync(fixture.User(bob), "phone");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        var id = conversation.GetPrimaryKeyString();
        var aliceUser = fixture.User(alice);

        for (var i = 0; i < 3; i++)
        {
            await conversation.Send(new SendCommand(bob, Ids.Client(), new TextBody($"b{i}")));
        }
        await gateway.Observer.WaitForMessageAsync(alice, id, 3);
        await gateway.Observer.WaitForMessageAsync(bob, id, 3);
        var list = await aliceUser.ListConversations();
        var entry = Assert.Single(list.Conversations);
        Assert.Equal((id, bob, 3L, 0L, 3, 3), (entry.ConversationId, entry.Title, entry.LastSeq, entry.ReadSeq, entry.Unread, list.TotalUnread));
        Assert.Equal(3, entry.LastMessage!.Seq);
        var bobEntry = (await Reads.EntryAsync(fixture.User(bob), id))!;
        Assert.Equal((alice, 0), (bobEntry.Title, bobEntry.Unread));

        // Writing implies having read.
        await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("a0")));
        await gateway.Observer.WaitForMessageAsync(alice, id, 4);
        entry = (await Reads.EntryAsync(aliceUser, id))!;
        Assert.Equal((4L, 4L, 0), (entry.LastSeq, entry.ReadSeq, entry.Unread));

        for (var i = 0; i < 3; i++)
        {
            await conversation.Send(new SendCommand(bob, Ids.Client(), new TextBody($"b{i + 3}")));
        }
        await gateway.Observer.WaitForMessageAsync(alice, id, 7);
        Assert.Equal(3, (await Reads.EntryAsync(aliceUser, id))!.Unread);

        var read = await aliceUser.MarkRead(id, 5);
        Assert.Equal(new MarkReadOutcome(id, 5, 2, 2), read);
        Assert.Equal(2, (await aliceUser.ListConversations()).TotalUnread);

        // The reader's devices hear of the read, the other member gets a receipt.
        await gateway.Observer.WaitUntilAsync(
            () => gateway.Observer.Events(alice).Any(e => e.Kind == SyncEventKind.Read && e.ConversationId == id && e.Seq == 5 && e.Unread == 2 && e.ActorId == alice),
            "alice's devices were told of her read");
        await gateway.Observer.WaitUntilAsync(
            () => gateway.Observer.Events(bob).Any(e => e.Kind == SyncEventKind.Receipt && e.ConversationId == id && e.Seq == 5 && e.ActorId == alice),
            "bob got alice's receipt");
        Assert.Contains(await Reads.SyncLogAsync(aliceUser), e => e.Kind == SyncEventKind.Read && e.Seq == 5 && e.Unread == 2);
        Assert.Contains(await Reads.SyncLogAsync(fixture.User(bob)), e => e.Kind == SyncEventKind.Receipt && e.Seq == 5 && e.ActorId == alice);
        Assert.DoesNotContain(await Reads.SyncLogAsync(fixture.User(bob)), e => e.Kind == SyncEventKind.Read);
        Assert.Equal([new ReadPositionInfo(alice, 5), new ReadPositionInfo(bob, 0)], (await conversation.GetReadPositions(bob)).OrderBy(p => p.UserId != alice));

        // Never backwards; 0 means everything; beyond the end is clamped.
        Assert.Equal(new MarkReadOutcome(id, 5, 2, 2), await aliceUser.MarkRead(id, 3));
        Assert.Equal(new MarkReadOutcome(id, 7, 0, 0), await aliceUser.MarkRead(id, 0));
        await gateway.Observer.WaitUntilAsync(
            () => gateway.Observer.Events(bob).Any(e => e.Kind == SyncEventKind.Receipt && e.Seq == 7),
            "bob got the receipt for everything");
        Assert.Equal(7, (await conversation.GetReadPositions(alice)).Single(p => p.UserId == alice).ReadSeq);

        await conversation.Send(new SendCommand(bob, Ids.Client(), new TextBody("b6")));
        await gateway.Observer.WaitForMessageAsync(alice, id, 8);
        Assert.Equal(new MarkReadOutcome(id, 8, 0, 0), await aliceUser.MarkRead(id, 1000));
        await ImAssert.Refused(Interfaces.Errors.ImErrorCode.InvalidArgument, () => aliceUser.MarkRead(id, -1));
        await ImAssert.Refused(Interfaces.Errors.ImErrorCode.InvalidArgument, () => aliceUser.MarkRead("not a conversation", 1));
    }

    [Fact]
    public async Task A_read_in_a_group_sends_receipts_to_every_other_member()
    {
        var owner = Ids.User("owner");
        var members = new[] { Ids.User("m1"), Ids.User("m2") };
        var gateway = fixture.NewGateway();
        foreach (var u in members.Prepend(owner))
        {
            await gateway.ConnectAsync(fixture.User(u), "phone");
        }
        var conversation = fixture.Conversation(ConversationId.NewGroup());
        var id = conversation.GetPrimaryKeyString();
        await conversation.CreateGroup(owner, "receipts", members);
        await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("hello")));
        await conversation.Send(new SendCommand(members[1], Ids.Client(), new TextBody("hi")));
        await gateway.Observer.WaitForMessageAsync(members[0], id, 3);
        Assert.Equal(2, (await Reads.EntryAsync(fixture.User(members[0]), id))!.Unread);

        var outcome = await fixture.User(members[0]).MarkRead(id, 3);

        Assert.Equal(0, outcome.Unread);
        foreach (var other in new[] { owner, members[1] })
        {
            await gateway.Observer.WaitUntilAsync(
                () => gateway.Observer.Events(other).Any(e => e.Kind == SyncEventKind.Receipt && e.ActorId == members[0] && e.Seq == 3),
                $"{other} got the receipt");
        }
        Assert.DoesNotContain(gateway.Observer.Events(members[0]), e => e.Kind == SyncEventKind.Receipt);
        var positions = (await conversation.GetReadPositions(owner)).ToDictionary(p => p.UserId, p => p.ReadSeq);
        Assert.Equal(3, positions[members[0]]);
        Assert.Equal(0, positions[members[1]]);
    }

    [Fact]
    public async Task Totals_equal_the_sum_and_the_history_under_concurrent_sends_and_reads()
    {
        var me = Ids.User("me");
        var peers = Enumerable.Range(0, 3).Select(i => Ids.User($"peer{i}")).ToArray();
        var gateway = fixture.NewGateway();
        await gateway.ConnectAsync(fixture.User(me), "phone");
        var user = fixture.User(me);
        var group = fixture.Conversation(ConversationId.NewGroup());
        await group.CreateGroup(peers[0], "busy", [me, peers[1], peers[2]]);
        var conversations = peers.Select(p => fixture.Conversation(ConversationId.Direct(me, p))).Append(group).ToArray();
        var ids = conversations.Select(c => c.GetPrimaryKeyString()).ToArray();

        var random = new Random(20261126);
        var plan = Enumerable.Range(0, 160).Select(i =>
        {
            var c = i % conversations.Length;
            var sender = random.Next(8) == 0 ? me : c < peers.Length ? peers[c] : peers[random.Next(peers.Length)];
            return (Conversation: conversations[c], Sender: sender, Text: $"msg {i}");
        }).ToArray();
        var readPlan = Enumerable.Range(0, 40).Select(_ => (Index: random.Next(ids.Length), Seq: (long)random.Next(0, 45))).ToArray();

        var observedSums = 0;
        using var sending = new CancellationTokenSource();
        async Task SendAll()
        {
            await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, _) =>
                await p.Conversation.Send(new SendCommand(p.Sender, Ids.Client(), new TextBody(p.Text))));
        }
        async Task ReadAll()
        {
            foreach (var (index, seq) in readPlan)
            {
                try
                {
                    var outcome = await user.MarkRead(ids[index], seq);
                    Assert.InRange(outcome.Unread, 0, outcome.TotalUnread);
                }
                catch (Interfaces.Errors.ImException ex) when (ex.Code == Interfaces.Errors.ImErrorCode.NotFound)
                {
                    // A direct conversation nobody has written to yet.
                }
                var list = await user.ListConversations();
                Assert.Equal(list.Conversations.Sum(c => c.Unread), list.TotalUnread);
                Assert.All(list.Conversations, c => Assert.InRange(c.Unread, 0, c.LastSeq - c.ReadSeq));
                observedSums++;
            }
        }
        await Task.WhenAll(SendAll(), ReadAll());
        Assert.Equal(readPlan.Length, observedSums);

        var lastSeqs = await Task.WhenAll(conversations.Select(async c => (await c.GetInfo(me)).LastSeq));
        await gateway.Observer.WaitUntilAsync(async () =>
        {
            var list = await user.ListConversations();
            return ids.Select((id, i) => list.Conversations.SingleOrDefault(c => c.ConversationId == id)?.LastSeq == lastSeqs[i]).All(x => x);
        }, "every message reached my conversation list");

        var final = await user.ListConversations();
        Assert.Equal(final.Conversations.Sum(c => c.Unread), final.TotalUnread);
        foreach (var (conversation, id) in conversations.Zip(ids))
        {
            var entry = final.Conversations.Single(c => c.ConversationId == id);
            var history = await Reads.HistoryAsync(conversation, me);
            Assert.Equal(Reads.ExpectedUnread(history, me, entry.ReadSeq), entry.Unread);
        }
        Assert.True(final.TotalUnread > 0, "the plan leaves something unread, so the check above means something");

        // Reading everything clears each conversation and the total, one by one.
        var remaining = final.TotalUnread;
        foreach (var entry in final.Conversations)
        {
            var outcome = await user.MarkRead(entry.ConversationId, 0);
            remaining -= entry.Unread;
            Assert.Equal((0, remaining), (outcome.Unread, outcome.TotalUnread));
        }
    }

    [Fact]
    public async Task A_recall_still_on_its_way_is_not_subtracted_twice_by_a_read()
    {
        // The recall is durable (so the store already treats the message as recalled) while its
        // notice is still on its way to Alice, and Alice reads in between. Her count must not lose
        // the recalled message once for the read and again when the notice arrives. To hold the
        // notice back, a third member's user grain cannot activate for a while: the conversation
        // retries that member's delivery before it moves on to the next batch.
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var stuck = Ids.User("stuck");
        var gateway = fixture.NewGateway();
        await gateway.ConnectAsync(fixture.User(alice), "phone");
        await gateway.ConnectAsync(fixture.User(stuck), "phone");
        var conversation = fixture.Conversation(ConversationId.NewGroup());
        var id = conversation.GetPrimaryKeyString();
        await conversation.CreateGroup(bob, "held back", [alice, stuck]);
        var aliceUser = fixture.User(alice);
        var first = await conversation.Send(new SendCommand(bob, Ids.Client(), new TextBody("first")));
        var doomed = await conversation.Send(new SendCommand(bob, Ids.Client(), new TextBody("doomed")));
        await gateway.Observer.WaitForMessageAsync(alice, id, doomed.Seq);
        await gateway.Observer.WaitForMessageAsync(stuck, id, doomed.Seq);

        await fixture.Cluster.DeactivateAsync(fixture.User(stuck));
        var snapshot = GrainStateRows.Read(fixture, "user", stuck);
        Assert.NotNull(snapshot);
        GrainStateRows.Overwrite(fixture, "user", stuck, [0xDE, 0xAD, 0xBE, 0xEF]);
        SendOutcome recall;
        try
        {
            var held = await conversation.Send(new SendCommand(bob, Ids.Client(), new TextBody("held")));
            recall = await conversation.Recall(bob, doomed.Seq, Ids.Client());
            await gateway.Observer.WaitForMessageAsync(alice, id, held.Seq);
            Assert.Equal(held.Seq, (await Reads.EntryAsync(aliceUser, id))!.LastSeq);

            var read = await aliceUser.MarkRead(id, first.Seq);

            Assert.Equal(2, read.Unread); // "doomed" (its recall has not reached Alice yet) and "held"
        }
        finally
        {
            GrainStateRows.Overwrite(fixture, "user", stuck, snapshot);
        }
        await gateway.Observer.WaitForMessageAsync(alice, id, recall.Seq);
        var entry = (await Reads.EntryAsync(aliceUser, id))!;
        var history = await Reads.HistoryAsync(conversation, alice);
        Assert.Equal(1, Reads.ExpectedUnread(history, alice, entry.ReadSeq));
        Assert.Equal(1, entry.Unread);

        // The member whose deliveries were given up on catches up with the next one, gap filled.
        await gateway.ConnectAsync(fixture.User(stuck), "phone");
        var after = await conversation.Send(new SendCommand(bob, Ids.Client(), new TextBody("after")));
        await gateway.Observer.WaitForMessageAsync(stuck, id, after.Seq);
        var stuckLog = (await Reads.SyncLogAsync(fixture.User(stuck))).Where(e => e.ConversationId == id).ToList();
        Assert.Equal(Enumerable.Range(1, (int)after.Seq).Select(i => (long)i), stuckLog.Select(e => e.Seq));
    }
}
