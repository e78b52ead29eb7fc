using OrleansIm.EndToEnd.Tests.Support;
using OrleansIm.ProcessHost;
using OrleansIm.Protocol.V1;

namespace OrleansIm.EndToEnd.Tests;

/// <summary>The node process is stopped or killed under the clients; nothing acknowledged may be lost or duplicated.</summary>
public sealed class NodeFailureTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sends_in_flight_across_a_node_restart_are_stored_once_and_delivered_once(bool kill)
    {
        await using var node = new NodeProcess();
        await node.StartAsync();
        var alice = Clients.Unique("alice");
        var bob = Clients.Unique("bob");
        await using var alicePhone = await Clients.StartAsync(node, alice, "phone");
        await using var bobPhone = await Clients.StartAsync(node, bob, "phone");
        var conversation = await alicePhone.Client.OpenDirectAsync(bob);

        const int total = 300;
        var sends = new List<Task<SendAck>>();
        for (var i = 0; i < total; i++)
        {
            sends.Add(alicePhone.Client.SendTextAsync(conversation.Id, $"m{i}", $"c{i}"));
            if (i == total / 2)
            {
                // Fail the node while half the sends are still queued or in flight.
                if (kill)
                {
                    await node.KillAsync();
                }
                else
                {
                    await node.StopAsync();
                }
                await node.StartAsync();
            }
        }
        var acks = await Task.WhenAll(sends);

        Assert.Equal(total, acks.Select(a => a.Seq).Distinct().Count());
        var history = new List<Message>();
        var anchor = 0L;
        while (true)
        {
            var page = await bobPhone.Client.GetHistoryAsync(conversation.Id, anchor, Direction.Forward, 200);
            history.AddRange(page.Messages);
            if (!page.HasMore)
            {
                break;
            }
            anchor = page.Messages[^1].Seq;
        }
        Assert.Equal(total, history.Count);
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), history.Select(m => m.Seq));
        Assert.Equal(total, history.Select(m => m.ClientMessageId).Distinct().Count());
        foreach (var ack in acks)
        {
            Assert.Equal(ack.ClientMessageId, history[(int)ack.Seq - 1].ClientMessageId);
        }

        await bobPhone.WaitUntilAsync(d => d.Messages(conversation.Id).Count >= total, $"{total} messages at bob");
        Assert.Equal(history.Select(m => m.Seq), bobPhone.Messages(conversation.Id).Select(m => m.Seq));
    }
}
