using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class DedupTests(ImClusterFixture fixture)
{
    [Fact]
    public async Task A_retried_send_returns_the_first_ack_and_stores_nothing_new()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        var clientId = Ids.Client();

        var first = await conversation.Send(new SendCommand(alice, clientId, new TextBody("once")));
        var retry = await conversation.Send(new SendCommand(alice, clientId, new TextBody("once")));

        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(first with { Duplicate = true }, retry);
        var history = await Reads.HistoryAsync(conversation, bob);
        Assert.Equal(clientId, Assert.Single(history).ClientMessageId);
    }

    [Fact]
    public async Task The_same_client_id_from_another_sender_is_a_different_message()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        var clientId = Ids.Client();

        var fromAlice = await conversation.Send(new SendCommand(alice, clientId, new TextBody("mine")));
        var fromBob = await conversation.Send(new SendCommand(bob, clientId, new TextBody("mine too")));

        Assert.False(fromBob.Duplicate);
        Assert.Equal([1L, 2L], new[] { fromAlice.Seq, fromBob.Seq });
        Assert.Equal(2, (await Reads.HistoryAsync(conversation, bob)).Count);
    }

    [Fact]
    public async Task Concurrent_retries_share_one_seq()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        await conversation.OpenDirect(alice);
        var clientIds = Enumerable.Range(0, 20).Select(_ => Ids.Client()).ToArray();

        // Each client id is sent five times at once, all twenty interleaved.
        var sends = clientIds
            .SelectMany(id => Enumerable.Range(0, 5).Select(i => (Id: id, Text: $"{id} try {i}")))
            .Select(s => conversation.Send(new SendCommand(alice, s.Id, new TextBody(s.Text))))
            .ToArray();
        var acks = await Task.WhenAll(sends);

        foreach (var group in acks.GroupBy(a => a.ClientMessageId))
        {
            Assert.Single(group.Select(a => a.Seq).Distinct());
            Assert.Single(group.Select(a => a.SentAtMs).Distinct());
            Assert.Equal(1, group.Count(a => !a.Duplicate));
        }
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), acks.Select(a => a.Seq).Distinct().Order());
        var history = await Reads.HistoryAsync(conversation, bob);
        Assert.Equal(20, history.Count);
        Assert.Equal(clientIds.Order(StringComparer.Ordinal), history.Select(m => m.ClientMessageId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_retry_after_the_conversation_was_deactivated_is_still_deduplicated()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        var clientId = Ids.Client();
        var first = await conversation.Send(new SendCommand(alice, clientId, new TextBody("before the restart")));
        await conversation.Send(new SendCommand(bob, Ids.Client(), new TextBody("reply")));

        await fixture.Cluster.DeactivateAsync(conversation);
        Assert.False(fixture.Cluster.TryGetGrainContext(conversation.GetGrainId(), out _));

        var retry = await conversation.Send(new SendCommand(alice, clientId, new TextBody("before the restart")));
        Assert.True(retry.Duplicate);
        Assert.Equal(first.Seq, retry.Seq);
        Assert.Equal(first.SentAtMs, retry.SentAtMs);

        var next = await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("after the restart")));
        Assert.Equal(3, next.Seq);
        Assert.Equal([1L, 2L, 3L], (await Reads.HistoryAsync(conversation, alice)).Select(m => m.Seq));
    }

    [Fact]
    public async Task Edit_and_recall_retries_are_deduplicated_too()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        var sent = await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("draft")));
        var editId = Ids.Client();
        var recallId = Ids.Client();

        var edit = await conversation.Edit(alice, sent.Seq, editId, new TextBody("final"));
        var editRetry = await conversation.Edit(alice, sent.Seq, editId, new TextBody("final"));
        await fixture.Cluster.DeactivateAsync(conversation);
        var editRetryAfterRestart = await conversation.Edit(alice, sent.Seq, editId, new TextBody("final"));
        var recall = await conversation.Recall(alice, sent.Seq, recallId);
        var recallRetry = await conversation.Recall(alice, sent.Seq, recallId);

        Assert.Equal(edit.Seq, editRetry.Seq);
        Assert.True(editRetry.Duplicate);
        Assert.Equal(edit.Seq, editRetryAfterRestart.Seq);
        Assert.True(editRetryAfterRestart.Duplicate);
        Assert.Equal(recall.Seq, recallRetry.Seq);
        Assert.True(recallRetry.Duplicate);
        Assert.Equal([1L, 2L, 3L], (await Reads.HistoryAsync(conversation, bob)).Select(m => m.Seq));
    }
}
