using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Grains.Storage.Sqlite;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests;

public sealed class DurabilityTests
{
    [Fact]
    public async Task Acknowledged_messages_read_state_and_groups_survive_a_node_restart()
    {
        await using var node = await TestNode.StartAsync();
        var aliceId = NodeFixture.Unique("alice");
        var bobId = NodeFixture.Unique("bob");
        var acked = new List<SendAck>();
        string direct;
        string group;
        await using (var alice = await TestUser.LoginAsync(node, aliceId))
        await using (var bob = await TestUser.LoginAsync(node, bobId))
        {
            direct = (await alice.OpenDirectAsync(bob)).Id;
            group = (await alice.Chat.CreateGroupAsync(new CreateGroupRequest { Name = "Durable", MemberIds = { bobId } })).Id;
            var sends = Enumerable.Range(0, 50).Select(i => alice.SendTextAsync(i % 2 == 0 ? direct : group, $"m{i}", $"c{i}"));
            acked.AddRange(await Task.WhenAll(sends));
            await DirectMessagingTests.WaitForListAsync(bob, l => l.Conversations.Count == 2 && l.TotalUnread == 50);
            await bob.Chat.MarkReadAsync(new MarkReadRequest { ConversationId = direct, Seq = 10 });
        }

        await node.RestartAsync();

        await using (var alice = await TestUser.LoginAsync(node, aliceId))
        await using (var bob = await TestUser.LoginAsync(node, bobId))
        {
            foreach (var conversation in new[] { direct, group })
            {
                var history = await bob.HistoryAsync(conversation, 200);
                var expected = acked.Where(a => a.ConversationId == conversation).Select(a => a.Seq).Order().ToList();
                Assert.Equal(expected, history.Messages.Where(m => m.Body.Text is not null).Select(m => m.Seq).ToList());
            }
            var list = await bob.Chat.ListConversationsAsync(new ListConversationsRequest());
            var directEntry = list.Conversations.Single(c => c.Id == direct);
            Assert.Equal(10, directEntry.ReadSeq);
            Assert.Equal(15, directEntry.Unread);
            Assert.Equal("Durable", list.Conversations.Single(c => c.Id == group).Title);
            Assert.Equal(list.Conversations.Sum(c => c.Unread), list.TotalUnread);

            var retry = await alice.SendTextAsync(direct, "m0", "c0");
            Assert.True(retry.Duplicate);
            Assert.Equal(acked[0].Seq, retry.Seq);
            var next = await alice.SendTextAsync(direct, "after restart");
            Assert.Equal(26, next.Seq);

            var sync = await bob.Chat.SyncAsync(new SyncRequest { After = 0, Limit = 200 });
            var syncSeqs = sync.Events.Select(e => e.SyncSeq).ToList();
            Assert.Equal(Enumerable.Range(1, syncSeqs.Count).Select(i => (long)i), syncSeqs);
        }
    }

    [Fact]
    public async Task A_message_stored_but_not_fanned_out_before_a_crash_reaches_the_recipient_after_restart()
    {
        await using var node = await TestNode.StartAsync();
        var aliceId = NodeFixture.Unique("alice");
        var bobId = NodeFixture.Unique("bob");
        string direct;
        await using (var alice = await TestUser.LoginAsync(node, aliceId))
        await using (var bob = await TestUser.LoginAsync(node, bobId))
        {
            direct = (await alice.OpenDirectAsync(bob)).Id;
            await alice.SendTextAsync(direct, "delivered");
            await DirectMessagingTests.WaitForListAsync(bob, l => l.Conversations.Count == 1);
        }
        await node.StopAsync();

        // What a crash between "durable" and "handed to the members" leaves behind: the message
        // is in the store (and acknowledged), the members' sync logs do not have it.
        await using (var store = await SqliteMessageStore.OpenAsync(new SqliteStoreOptions { DataDirectory = node.DataDirectory }))
        {
            await store.AppendMessageAsync(new Grains.Interfaces.Messages.MessageRecord(direct, 2, aliceId, "stranded", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), new Grains.Interfaces.Messages.TextBody("stranded")));
        }

        await node.RestartAsync();
        await using var bobAgain = await TestUser.LoginAsync(node, bobId);
        // The conversation list changes a moment before the sync log is durable: wait on the log.
        var deadline = DateTime.UtcNow + TestStream.Timeout;
        SyncResponse sync;
        while ((sync = await bobAgain.Chat.SyncAsync(new SyncRequest { After = 0 })).Events.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }
        Assert.Equal(["delivered", "stranded"], sync.Events.Where(e => e.Message is not null).Select(e => e.Message.Body.Text.Text));
        var list = await bobAgain.Chat.ListConversationsAsync(new ListConversationsRequest());
        Assert.Equal(2, list.TotalUnread);
    }
}
