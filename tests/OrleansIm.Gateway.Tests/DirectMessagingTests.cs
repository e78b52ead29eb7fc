using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests;

[Collection(NodeCollection.Name)]
public sealed class DirectMessagingTests(NodeFixture fixture)
{
    [Fact]
    public async Task A_message_reaches_every_device_of_both_users_once_and_in_order()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        await using var alicePhone = await alice.ConnectAsync("phone");
        await using var aliceLaptop = await alice.ConnectAsync("laptop");
        await using var bobPhone = await bob.ConnectAsync("phone");
        var conversation = await alice.OpenDirectAsync(bob);

        for (var i = 1; i <= 5; i++)
        {
            var result = await alicePhone.SendTextAsync(conversation.Id, $"hello {i}");
            Assert.NotNull(result.Ack);
            Assert.Equal(i, result.Ack.Seq);
            Assert.False(result.Ack.Duplicate);
        }

        foreach (var stream in new[] { alicePhone, aliceLaptop, bobPhone })
        {
            await stream.WaitUntilAsync(s => s.Messages.Count(m => m.ConversationId == conversation.Id) >= 5);
            var seqs = stream.Messages.Where(m => m.ConversationId == conversation.Id).Select(m => m.Seq).ToList();
            Assert.Equal([1, 2, 3, 4, 5], seqs);
            var syncSeqs = stream.Events.Select(e => e.SyncSeq).ToList();
            Assert.Equal(Enumerable.Range(1, syncSeqs.Count).Select(i => (long)i), syncSeqs);
        }
        Assert.Equal("hello 3", bobPhone.Messages.Single(m => m.Seq == 3).Body.Text.Text);
        Assert.All(bobPhone.Messages, m => Assert.Equal(alice.Id, m.SenderId));
    }

    [Fact]
    public async Task Both_users_get_the_same_deterministic_direct_conversation()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var fromAlice = await alice.OpenDirectAsync(bob);
        var fromBob = await bob.OpenDirectAsync(alice);
        Assert.Equal(fromAlice.Id, fromBob.Id);
        Assert.Equal(ConversationKind.Direct, fromAlice.Kind);
        Assert.Equal(new[] { alice.Id, bob.Id }.Order(StringComparer.Ordinal), fromAlice.Members.Select(m => m.UserId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_retried_send_returns_the_first_ack_and_is_stored_and_delivered_once()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        await using var bobPhone = await bob.ConnectAsync();
        await using var alicePhone = await alice.ConnectAsync();
        var conversation = await alice.OpenDirectAsync(bob);

        var first = await alicePhone.SendTextAsync(conversation.Id, "only once", "retry-1");
        var streamRetry = await alicePhone.SendTextAsync(conversation.Id, "only once", "retry-1");
        var unaryRetry = await alice.SendTextAsync(conversation.Id, "only once", "retry-1");
        var next = await alicePhone.SendTextAsync(conversation.Id, "next");

        Assert.Equal(first.Ack.Seq, streamRetry.Ack.Seq);
        Assert.Equal(first.Ack.SentAtMs, streamRetry.Ack.SentAtMs);
        Assert.True(streamRetry.Ack.Duplicate);
        Assert.Equal(first.Ack.Seq, unaryRetry.Seq);
        Assert.True(unaryRetry.Duplicate);
        Assert.Equal(first.Ack.Seq + 1, next.Ack.Seq);

        var history = await bob.HistoryAsync(conversation.Id);
        Assert.Equal(2, history.Messages.Count);
        await bobPhone.WaitUntilAsync(s => s.Messages.Any(m => m.Seq == next.Ack.Seq));
        Assert.Single(bobPhone.Messages, m => m.ClientMessageId == "retry-1");
    }

    [Fact]
    public async Task History_pages_backward_and_forward_by_seq()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);
        for (var i = 1; i <= 7; i++)
        {
            await alice.SendTextAsync(conversation.Id, $"m{i}");
        }

        var latest = await bob.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = conversation.Id, Direction = Direction.Backward, Limit = 3 });
        Assert.Equal([7L, 6, 5], latest.Messages.Select(m => m.Seq));
        Assert.True(latest.HasMore);
        Assert.Equal(7, latest.LastSeq);

        var older = await bob.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = conversation.Id, Direction = Direction.Backward, AnchorSeq = 5, Limit = 10 });
        Assert.Equal([4L, 3, 2, 1], older.Messages.Select(m => m.Seq));
        Assert.False(older.HasMore);

        var newer = await bob.Chat.GetHistoryAsync(new HistoryRequest { ConversationId = conversation.Id, Direction = Direction.Forward, AnchorSeq = 5, Limit = 10 });
        Assert.Equal([6L, 7], newer.Messages.Select(m => m.Seq));
        Assert.False(newer.HasMore);
    }

    [Fact]
    public async Task The_conversation_list_shows_last_message_and_unread()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);
        await alice.SendTextAsync(conversation.Id, "one");
        await alice.SendTextAsync(conversation.Id, "two");

        var list = await WaitForListAsync(bob, l => l.Conversations.Any(c => c.Id == conversation.Id && c.LastSeq == 2));
        var entry = list.Conversations.Single(c => c.Id == conversation.Id);
        Assert.Equal(alice.Id, entry.Title);
        Assert.Equal(2, entry.Unread);
        Assert.Equal(2, list.TotalUnread);
        Assert.Equal("two", entry.LastMessage.Body.Text.Text);

        var aliceList = await WaitForListAsync(alice, l => l.Conversations.Any(c => c.Id == conversation.Id && c.LastSeq == 2));
        Assert.Equal(0, aliceList.Conversations.Single(c => c.Id == conversation.Id).Unread);
    }

    internal static async Task<ListConversationsResponse> WaitForListAsync(TestUser user, Func<ListConversationsResponse, bool> condition)
    {
        // The list is updated by fan-out after the sender's ack; poll it (no push exists for the list itself).
        var deadline = DateTime.UtcNow + TestStream.Timeout;
        while (true)
        {
            var list = await user.Chat.ListConversationsAsync(new ListConversationsRequest());
            if (condition(list))
            {
                return list;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The conversation list never reached the expected state.");
            }
            await Task.Yield();
        }
    }
}
