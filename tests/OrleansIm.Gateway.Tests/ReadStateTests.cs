using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;
using static OrleansIm.Gateway.Tests.DirectMessagingTests;

namespace OrleansIm.Gateway.Tests;

[Collection(NodeCollection.Name)]
public sealed class ReadStateTests(NodeFixture fixture)
{
    [Fact]
    public async Task Mark_read_on_one_device_clears_unread_on_the_others_and_sends_a_receipt()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);
        await using var bobPhone = await bob.ConnectAsync("phone");
        await using var bobLaptop = await bob.ConnectAsync("laptop");
        await using var alicePhone = await alice.ConnectAsync("phone");
        for (var i = 0; i < 4; i++)
        {
            await alicePhone.SendTextAsync(conversation.Id, $"m{i}");
        }
        await bobPhone.WaitUntilAsync(s => s.Messages.Count >= 4);

        await bobPhone.WriteAsync(new ClientFrame { RequestId = "read", MarkRead = new MarkReadRequest { ConversationId = conversation.Id, Seq = 3 } });
        var answer = (await bobPhone.WaitForAsync(f => f.RequestId == "read")).MarkRead;
        Assert.Equal(3, answer.ReadSeq);
        Assert.Equal(1, answer.Unread);
        Assert.Equal(1, answer.TotalUnread);

        var marker = await bobLaptop.WaitForAsync(f => f.Event?.Read is not null);
        Assert.Equal(conversation.Id, marker.Event.Read.ConversationId);
        Assert.Equal(3, marker.Event.Read.ReadSeq);
        Assert.Equal(1, marker.Event.Read.Unread);

        var receipt = await alicePhone.WaitForAsync(f => f.Event?.Receipt is not null);
        Assert.Equal(bob.Id, receipt.Event.Receipt.ReaderId);
        Assert.Equal(3, receipt.Event.Receipt.ReadSeq);

        var positions = await alice.Chat.GetReadPositionsAsync(new GetReadPositionsRequest { ConversationId = conversation.Id });
        Assert.Equal(3, positions.Positions.Single(p => p.UserId == bob.Id).ReadSeq);

        var all = await bob.Chat.MarkReadAsync(new MarkReadRequest { ConversationId = conversation.Id });
        Assert.Equal(4, all.ReadSeq);
        Assert.Equal(0, all.TotalUnread);
        var again = await bob.Chat.MarkReadAsync(new MarkReadRequest { ConversationId = conversation.Id, Seq = 2 });
        Assert.Equal(4, again.ReadSeq);
    }

    [Fact]
    public async Task Unread_counts_and_their_total_stay_consistent_under_concurrent_sends_and_mark_reads()
    {
        await using var reader = await fixture.LoginAsync("reader");
        var senders = new List<TestUser>();
        var conversations = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var sender = await fixture.LoginAsync($"sender{i}");
            senders.Add(sender);
            conversations.Add((await sender.OpenDirectAsync(reader)).Id);
        }
        try
        {
            var sends = senders.Select((s, i) => Task.Run(async () =>
            {
                for (var n = 0; n < 25; n++)
                {
                    await s.SendTextAsync(conversations[i], $"{i}/{n}");
                }
            }));
            var reads = Task.Run(async () =>
            {
                for (var n = 0; n < 40; n++)
                {
                    var conversation = conversations[n % conversations.Count];
                    try
                    {
                        await reader.Chat.MarkReadAsync(new MarkReadRequest { ConversationId = conversation, Seq = n });
                    }
                    catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.PermissionDenied)
                    {
                        // The reader is not a member until the direct conversation's first message arrives.
                    }
                }
            });
            await Task.WhenAll(sends.Append(reads));

            var list = await WaitForListAsync(reader, l => l.Conversations.Count == 4 && l.Conversations.All(c => c.LastSeq == 25));
            Assert.Equal(list.Conversations.Sum(c => c.Unread), list.TotalUnread);
            foreach (var entry in list.Conversations)
            {
                // Every message is from the other party, so unread is exactly the messages after the read position.
                Assert.Equal(entry.LastSeq - entry.ReadSeq, entry.Unread);
            }
            var final = await reader.Chat.MarkReadAsync(new MarkReadRequest { ConversationId = conversations[0] });
            Assert.Equal(list.TotalUnread - list.Conversations.Single(c => c.Id == conversations[0]).Unread, final.TotalUnread);
        }
        finally
        {
            foreach (var s in senders)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Sending_a_message_marks_the_conversation_read_for_the_sender()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);
        await alice.SendTextAsync(conversation.Id, "ping");
        await WaitForListAsync(bob, l => l.TotalUnread == 1);
        await bob.SendTextAsync(conversation.Id, "pong");
        var list = await WaitForListAsync(bob, l => l.Conversations.Any(c => c.LastSeq == 2));
        Assert.Equal(0, list.TotalUnread);
    }
}
