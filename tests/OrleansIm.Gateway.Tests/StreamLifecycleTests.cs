using Grpc.Core;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests;

[Collection(NodeCollection.Name)]
public sealed class StreamLifecycleTests(NodeFixture fixture)
{
    [Fact]
    public async Task A_device_that_was_away_resyncs_from_its_cursor_and_misses_nothing()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);

        var bobPhone = await bob.ConnectAsync("phone");
        await alice.SendTextAsync(conversation.Id, "while online");
        await bobPhone.WaitUntilAsync(s => s.Events.Count >= 1);
        var cursor = bobPhone.Events.Max(e => e.SyncSeq);
        await bobPhone.WriteAsync(new ClientFrame { Ack = new CursorAck { Cursor = cursor } });
        await bobPhone.CloseAsync();
        await bobPhone.DisposeAsync();

        for (var i = 0; i < 30; i++)
        {
            await alice.SendTextAsync(conversation.Id, $"while away {i}");
        }
        // An ack means durable, not yet in every member's log: wait until bob's log has them all.
        await DirectMessagingTests.WaitForListAsync(bob, l => l.LatestSyncSeq >= cursor + 30);

        await using var back = await bob.ConnectAsync("phone", cursor);
        Assert.Equal(cursor + 30, back.Welcome.LatestSyncSeq);
        var missed = new List<SyncEvent>();
        var after = cursor;
        while (true)
        {
            await back.WriteAsync(new ClientFrame { RequestId = $"sync-{after}", Sync = new SyncRequest { After = after, Limit = 7 } });
            var page = (await back.WaitForAsync(f => f.RequestId == $"sync-{after}")).Sync;
            missed.AddRange(page.Events);
            if (!page.HasMore)
            {
                break;
            }
            after = page.Events[^1].SyncSeq;
        }
        Assert.Equal(Enumerable.Range((int)cursor + 1, 30).Select(i => (long)i), missed.Select(e => e.SyncSeq));
        Assert.Equal(Enumerable.Range(2, 30).Select(i => (long)i), missed.Select(e => e.Message.Seq));
        Assert.Equal("while away 29", missed[^1].Message.Body.Text.Text);
    }

    [Fact]
    public async Task A_new_stream_of_the_same_device_replaces_the_old_one_with_go_away()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var first = await alice.ConnectAsync("phone");
        await using var second = await alice.ConnectAsync("phone");
        var goAway = await first.WaitForAsync(f => f.GoAway is not null);
        Assert.Contains("replaced", goAway.GoAway.Reason);
        var end = await first.WaitForEndAsync();
        Assert.Equal(StatusCode.OK, end.StatusCode);

        await second.WriteAsync(new ClientFrame { RequestId = "still", Ping = new Ping { Nonce = 3 } });
        Assert.Equal(3, (await second.WaitForAsync(f => f.RequestId == "still")).Pong.Nonce);
    }

    [Fact]
    public async Task Typing_and_presence_reach_the_peer()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);
        await alice.SendTextAsync(conversation.Id, "hi");
        await DirectMessagingTests.WaitForListAsync(bob, l => l.Conversations.Count == 1);

        await using var bobPhone = await bob.ConnectAsync();
        var aliceStream = await alice.ConnectAsync();
        var online = await bobPhone.WaitForAsync(f => f.Presence?.UserId == alice.Id && f.Presence.Online);
        Assert.True(online.Presence.AtMs > 0);
        var presence = await bob.Chat.GetPresenceAsync(new GetPresenceRequest { UserIds = { alice.Id, "stranger" } });
        Assert.True(presence.Users.Single(u => u.UserId == alice.Id).Online);
        Assert.DoesNotContain(presence.Users, u => u.UserId == "stranger");

        await aliceStream.WriteAsync(new ClientFrame { Typing = new TypingRequest { ConversationId = conversation.Id, Typing = true } });
        var typing = await bobPhone.WaitForAsync(f => f.Typing is not null);
        Assert.Equal(alice.Id, typing.Typing.UserId);
        Assert.True(typing.Typing.Typing);

        await aliceStream.CloseAsync();
        await aliceStream.DisposeAsync();
        await bobPhone.WaitForAsync(f => f.Presence?.UserId == alice.Id && !f.Presence.Online);
    }

    [Fact]
    public async Task Edit_and_recall_reach_every_device_as_ordered_events_and_history_shows_the_current_state()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);
        await using var bobPhone = await bob.ConnectAsync();
        var first = await alice.SendTextAsync(conversation.Id, "frist");
        var second = await alice.SendTextAsync(conversation.Id, "oops");
        var edit = await alice.Chat.EditAsync(new EditRequest { ConversationId = conversation.Id, TargetSeq = first.Seq, ClientMessageId = "edit-1", NewBody = new MessageBody { Text = new TextBody { Text = "first" } } });
        var recall = await alice.Chat.RecallAsync(new RecallRequest { ConversationId = conversation.Id, TargetSeq = second.Seq, ClientMessageId = "recall-1" });
        Assert.Equal(3, edit.Seq);
        Assert.Equal(4, recall.Seq);

        await bobPhone.WaitUntilAsync(s => s.Messages.Count >= 4);
        var messages = bobPhone.Messages;
        Assert.Equal([1L, 2, 3, 4], messages.Select(m => m.Seq));
        Assert.Equal(first.Seq, messages[2].Body.Edit.TargetSeq);
        Assert.Equal("first", messages[2].Body.Edit.NewBody.Text.Text);
        Assert.Equal(second.Seq, messages[3].Body.Recall.TargetSeq);

        var history = await bob.HistoryAsync(conversation.Id);
        var original = history.Messages.Single(m => m.Seq == first.Seq);
        Assert.Equal("first", original.Body.Text.Text);
        Assert.True(original.EditedAtMs > 0);
        var recalled = history.Messages.Single(m => m.Seq == second.Seq);
        Assert.True(recalled.Recalled);
        Assert.Null(recalled.Body);

        var bobList = await DirectMessagingTests.WaitForListAsync(bob, l => l.Conversations.Any(c => c.LastSeq == 4));
        Assert.Equal(1, bobList.TotalUnread);

        await PermissionTests.AssertStatus(StatusCode.FailedPrecondition, async () => await alice.Chat.RecallAsync(new RecallRequest { ConversationId = conversation.Id, TargetSeq = second.Seq, ClientMessageId = "recall-2" }));
        await PermissionTests.AssertStatus(StatusCode.FailedPrecondition, async () => await alice.Chat.EditAsync(new EditRequest { ConversationId = conversation.Id, TargetSeq = edit.Seq, ClientMessageId = "edit-2", NewBody = new MessageBody { Text = new TextBody { Text = "x" } } }));
        await PermissionTests.AssertStatus(StatusCode.NotFound, async () => await alice.Chat.RecallAsync(new RecallRequest { ConversationId = conversation.Id, TargetSeq = 99, ClientMessageId = "recall-3" }));
    }
}
