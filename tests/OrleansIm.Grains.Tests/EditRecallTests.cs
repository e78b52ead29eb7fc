using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests;

/// <summary>Runs on its own cluster, whose clock the tests move forward to cross the edit and recall windows.</summary>
[Collection(ClockClusterCollection.Name)]
public sealed class EditRecallTests(ClockClusterFixture fixture)
{
    /// <summary>A direct conversation in which Alice edits and recalls while Bob's phone is online.</summary>
    private async Task<(string Alice, string Bob, IConversationGrain Conversation, string Id, TestGateway Gateway)> AliceWritesToBobAsync()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var gateway = fixture.NewGateway();
        await gateway.ConnectAsync(fixture.User(bob), "phone");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        return (alice, bob, conversation, conversation.GetPrimaryKeyString(), gateway);
    }

    [Fact]
    public async Task Only_the_sender_edits_or_recalls_and_only_real_messages()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        var sent = await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("mine")));

        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.Edit(bob, sent.Seq, Ids.Client(), new TextBody("yours now")));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.Recall(bob, sent.Seq, Ids.Client()));
        var outsider = Ids.User("mallory");
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.Edit(outsider, sent.Seq, Ids.Client(), new TextBody("x")));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.Recall(outsider, sent.Seq, Ids.Client()));
        await ImAssert.Refused(ImErrorCode.NotFound, () => conversation.Edit(alice, 0, Ids.Client(), new TextBody("x")));
        await ImAssert.Refused(ImErrorCode.NotFound, () => conversation.Recall(alice, sent.Seq + 1, Ids.Client()));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.Edit(alice, sent.Seq, Ids.Client(), new TextBody(" ")));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.Edit(alice, sent.Seq, Ids.Client(), new RecallBody(sent.Seq)));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.Edit(alice, sent.Seq, "bad id!", new TextBody("x")));

        var edit = await conversation.Edit(alice, sent.Seq, Ids.Client(), new TextBody("mine, edited"));
        // Notices cannot be edited or recalled themselves.
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.Edit(alice, edit.Seq, Ids.Client(), new TextBody("meta")));
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.Recall(alice, edit.Seq, Ids.Client()));
        var group = fixture.Conversation(ConversationId.NewGroup());
        await group.CreateGroup(alice, "notices", [bob]);
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => group.Recall(alice, 1, Ids.Client()));

        await conversation.Recall(alice, sent.Seq, Ids.Client());
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.Recall(alice, sent.Seq, Ids.Client()));
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.Edit(alice, sent.Seq, Ids.Client(), new TextBody("too late")));
        Assert.Equal(3, (await conversation.GetInfo(bob)).LastSeq);
    }

    [Fact]
    public async Task History_shows_the_current_state_and_the_notices_in_order()
    {
        var (alice, bob, conversation, id, gateway) = await AliceWritesToBobAsync();
        var hello = await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("helo")));
        var oops = await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("oops")));
        var reply = await conversation.Send(new SendCommand(bob, Ids.Client(), new TextBody("?")));

        var edit = await conversation.Edit(alice, hello.Seq, Ids.Client(), new TextBody("hello"));
        var recall = await conversation.Recall(alice, oops.Seq, Ids.Client());
        var edit2 = await conversation.Edit(alice, hello.Seq, Ids.Client(), new TextBody("hello!"));

        var history = await Reads.HistoryAsync(conversation, bob);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], history.Select(m => m.Seq));
        Assert.Equal(new TextBody("hello!"), history[0].Body);
        Assert.Equal(edit2.SentAtMs, history[0].EditedAtMs);
        Assert.Equal(hello.SentAtMs, history[0].SentAtMs);
        Assert.False(history[0].Recalled);
        Assert.Null(history[1].Body);
        Assert.True(history[1].Recalled);
        Assert.Equal(new TextBody("?"), history[2].Body);
        Assert.Equal(0, history[2].EditedAtMs);
        Assert.Equal(new EditBody(hello.Seq, new TextBody("hello")), history[3].Body);
        Assert.Equal(new RecallBody(oops.Seq), history[4].Body);
        Assert.Equal(new EditBody(hello.Seq, new TextBody("hello!")), history[5].Body);
        Assert.All(history.Skip(3), m => Assert.Equal(alice, m.SenderId));
        Assert.Equal(edit.Seq + 1, recall.Seq);

        // Bob's devices learn of each change, in order, as messages of the conversation.
        await gateway.Observer.WaitForMessageAsync(bob, id, edit2.Seq);
        var pushed = gateway.Observer.Events(bob).Where(e => e.Kind == SyncEventKind.Message).ToList();
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], pushed.Select(e => e.Seq));
        Assert.IsType<EditBody>(pushed[3].Message!.Body);
        Assert.IsType<RecallBody>(pushed[4].Message!.Body);
        // A pull sees the messages as they are now.
        var log = await Reads.SyncLogAsync(fixture.User(bob));
        Assert.Equal(new TextBody("hello!"), log[0].Message!.Body);
        Assert.True(log[1].Message!.Recalled);
        // Bob's list: the last real message is his own reply; the notices neither count nor show.
        var entry = (await Reads.EntryAsync(fixture.User(bob), id))!;
        Assert.Equal((reply.Seq, 6L, 0), (entry.LastMessage!.Seq, entry.LastSeq, entry.Unread));
    }

    [Fact]
    public async Task The_list_preview_follows_an_edit_and_a_recall_of_the_last_message()
    {
        var (alice, bob, conversation, id, gateway) = await AliceWritesToBobAsync();
        var sent = await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("first draft")));

        var edit = await conversation.Edit(alice, sent.Seq, Ids.Client(), new TextBody("second draft"));
        await gateway.Observer.WaitForMessageAsync(bob, id, edit.Seq);
        var entry = (await Reads.EntryAsync(fixture.User(bob), id))!;
        Assert.Equal((sent.Seq, new TextBody("second draft") as MessageBody, edit.SentAtMs), (entry.LastMessage!.Seq, entry.LastMessage.Body, entry.LastMessage.EditedAtMs));
        Assert.Equal(1, entry.Unread);

        var recall = await conversation.Recall(alice, sent.Seq, Ids.Client());
        await gateway.Observer.WaitForMessageAsync(bob, id, recall.Seq);
        entry = (await Reads.EntryAsync(fixture.User(bob), id))!;
        Assert.True(entry.LastMessage!.Recalled);
        Assert.Null(entry.LastMessage.Body);
        Assert.Equal((0, 0), (entry.Unread, (await fixture.User(bob).ListConversations()).TotalUnread));
    }

    [Fact]
    public async Task Recalling_an_unread_message_lowers_the_readers_count_and_a_read_one_does_not()
    {
        var (alice, bob, conversation, id, gateway) = await AliceWritesToBobAsync();
        var bobUser = fixture.User(bob);
        var m = new List<SendOutcome>();
        for (var i = 0; i < 4; i++)
        {
            m.Add(await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody($"m{i}"))));
        }
        await gateway.Observer.WaitForMessageAsync(bob, id, m[^1].Seq);
        Assert.Equal(4, (await Reads.EntryAsync(bobUser, id))!.Unread);
        await bobUser.MarkRead(id, m[1].Seq);

        var readOne = await conversation.Recall(alice, m[0].Seq, Ids.Client());
        await gateway.Observer.WaitForMessageAsync(bob, id, readOne.Seq);
        Assert.Equal(2, (await Reads.EntryAsync(bobUser, id))!.Unread);

        var unreadOne = await conversation.Recall(alice, m[2].Seq, Ids.Client());
        await gateway.Observer.WaitForMessageAsync(bob, id, unreadOne.Seq);
        var entry = (await Reads.EntryAsync(bobUser, id))!;
        Assert.Equal(1, entry.Unread);
        Assert.Equal(1, (await bobUser.ListConversations()).TotalUnread);
        Assert.Equal(Reads.ExpectedUnread(await Reads.HistoryAsync(conversation, bob), bob, entry.ReadSeq), entry.Unread);
        // Reading past the recalled message counts only what is left.
        Assert.Equal(0, (await bobUser.MarkRead(id, m[3].Seq)).Unread);
    }

    [Fact]
    public async Task Recall_and_edit_close_when_their_windows_end()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        var early = await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("early")));
        var late = await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("late")));
        var clock = fixture.TestClock;

        clock.Advance(ClockClusterFixture.RecallWindow - TimeSpan.FromSeconds(5));
        await conversation.Recall(alice, early.Seq, Ids.Client());
        clock.Advance(TimeSpan.FromSeconds(10));
        var refusal = await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.Recall(alice, late.Seq, Ids.Client()));
        Assert.Contains("window", refusal.Message);

        // Still editable: the edit window is longer.
        await conversation.Edit(alice, late.Seq, Ids.Client(), new TextBody("late, edited"));
        clock.Advance(ClockClusterFixture.EditWindow);
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.Edit(alice, late.Seq, Ids.Client(), new TextBody("later")));

        // A new message starts its own windows.
        var fresh = await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("fresh")));
        await conversation.Recall(alice, fresh.Seq, Ids.Client());
        var history = await Reads.HistoryAsync(conversation, bob);
        Assert.Equal([true, false, false, false, true, false], history.Select(h => h.Recalled));
        Assert.Equal(new TextBody("late, edited"), history[1].Body);
    }
}
