using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class FanOutTests(ImClusterFixture fixture)
{
    [Fact]
    public async Task Every_member_gets_every_message_once_in_seq_order()
    {
        var owner = Ids.User("owner");
        var m1 = Ids.User("m1");
        var m2 = Ids.User("m2");
        var offline = Ids.User("offline");
        var everyone = new[] { owner, m1, m2, offline };
        var phones = fixture.NewGateway();
        var laptops = fixture.NewGateway();
        await phones.ConnectAsync(fixture.User(owner), "phone");
        await laptops.ConnectAsync(fixture.User(owner), "laptop");
        await phones.ConnectAsync(fixture.User(m1), "phone");
        await laptops.ConnectAsync(fixture.User(m2), "laptop");
        var conversation = fixture.Conversation(ConversationId.NewGroup());
        var id = conversation.GetPrimaryKeyString();
        await conversation.CreateGroup(owner, "fan-out", [m1, m2, offline]);

        // Sequential sends, then rounds of concurrent sends from every member.
        for (var i = 0; i < 8; i++)
        {
            await conversation.Send(new SendCommand(everyone[i % 4], Ids.Client(), new TextBody($"seq {i}")));
        }
        for (var round = 0; round < 4; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
                conversation.Send(new SendCommand(everyone[(i + round) % 4], Ids.Client(), new TextBody($"round {round} #{i}")))));
        }
        const long lastSeq = 1 + 8 + 48;
        await phones.Observer.WaitForMessageAsync(owner, id, lastSeq);
        // A barrier: this message's fan-out starts only after every earlier one reached every member.
        var barrier = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("barrier")));
        await phones.Observer.WaitForMessageAsync(owner, id, barrier.Seq);
        await laptops.Observer.WaitForMessageAsync(owner, id, barrier.Seq);
        await phones.Observer.WaitForMessageAsync(m1, id, barrier.Seq);
        await laptops.Observer.WaitForMessageAsync(m2, id, barrier.Seq);

        foreach (var user in everyone)
        {
            var log = await Reads.SyncLogAsync(fixture.User(user));
            Assert.Equal(Enumerable.Range(1, log.Count).Select(i => (long)i), log.Select(e => e.SyncSeq));
            var messages = log.Where(e => e.Kind == SyncEventKind.Message && e.ConversationId == id).ToList();
            var expected = user == offline ? lastSeq : barrier.Seq;
            Assert.Equal(Enumerable.Range(1, (int)expected).Select(i => (long)i), messages.Select(e => e.Seq).Take((int)expected));
            Assert.InRange(messages.Count, expected, barrier.Seq);
            Assert.All(messages, e =>
            {
                Assert.Equal(e.Seq, e.Message!.Seq);
                Assert.Equal(id, e.Message.ConversationId);
                Assert.Equal(e.ActorId, e.Message.SenderId);
            });
        }

        // Each gateway got each of its users' events once, in sync seq order, from the first.
        var ownerLog = await Reads.SyncLogAsync(fixture.User(owner));
        AssertPushedExactly(ownerLog, phones.Observer.Events(owner));
        AssertPushedExactly(ownerLog, laptops.Observer.Events(owner));
        AssertPushedExactly(await Reads.SyncLogAsync(fixture.User(m1)), phones.Observer.Events(m1));
        AssertPushedExactly(await Reads.SyncLogAsync(fixture.User(m2)), laptops.Observer.Events(m2));
        Assert.Empty(phones.Observer.Events(m2));
        Assert.Empty(laptops.Observer.Events(m1));
        Assert.Empty(phones.Observer.Events(offline));
        // The sender's other device learns of what the sender wrote.
        Assert.Contains(laptops.Observer.Events(owner), e => e.Seq == barrier.Seq && e.ActorId == owner);
    }

    [Fact]
    public async Task Direct_messages_reach_both_logs_with_contiguous_sync_seqs()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var gateway = fixture.NewGateway();
        var aliceAtConnect = await gateway.ConnectAsync(fixture.User(alice), "phone");
        await gateway.ConnectAsync(fixture.User(bob), "phone");
        Assert.Equal(0, aliceAtConnect.LatestSyncSeq);
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        var id = conversation.GetPrimaryKeyString();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            conversation.Send(new SendCommand(i % 3 == 0 ? alice : bob, Ids.Client(), new TextBody($"dm {i}")))));
        await gateway.Observer.WaitForMessageAsync(alice, id, 40);
        await gateway.Observer.WaitForMessageAsync(bob, id, 40);

        foreach (var user in new[] { alice, bob })
        {
            var log = await Reads.SyncLogAsync(fixture.User(user));
            Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), log.Select(e => e.SyncSeq));
            Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), log.Select(e => e.Seq));
            AssertPushedExactly(log, gateway.Observer.Events(user));
            var page = await fixture.User(user).Sync(35, 10);
            Assert.Equal([36L, 37L, 38L, 39L, 40L], page.Events.Select(e => e.SyncSeq));
            Assert.False(page.HasMore);
            Assert.Equal(40, page.LatestSyncSeq);
        }
        Assert.Equal(40, (await gateway.ConnectAsync(fixture.User(alice), "tablet")).LatestSyncSeq);
        await ImAssert.Refused(Interfaces.Errors.ImErrorCode.InvalidArgument, () => fixture.User(alice).Sync(-1, 10));
    }

    /// <summary>
    /// Every logged event pushed exactly once. Arrival order is not checked: Orleans does not
    /// order one-way observer calls, so clients order pushes by sync seq (the SDK does).
    /// </summary>
    private static void AssertPushedExactly(IReadOnlyList<SyncEventRecord> log, IReadOnlyList<SyncEventRecord> arrived)
    {
        var pushed = arrived.OrderBy(e => e.SyncSeq).ToList();
        Assert.Equal(log.Select(e => e.SyncSeq), pushed.Select(e => e.SyncSeq));
        Assert.Equal(log.Select(e => (e.Kind, e.ConversationId, e.Seq)), pushed.Select(e => (e.Kind, e.ConversationId, e.Seq)));
    }
}
