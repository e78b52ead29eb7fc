using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SeqContiguityTests(ImClusterFixture fixture)
{
    [Fact]
    public async Task Two_hundred_concurrent_sends_get_exactly_the_next_two_hundred_seqs()
    {
        var owner = Ids.User("owner");
        var members = Enumerable.Range(0, 4).Select(i => Ids.User($"m{i}")).ToArray();
        var everyone = members.Prepend(owner).ToArray();
        var conversation = fixture.Conversation(ConversationId.NewGroup());
        var created = await conversation.CreateGroup(owner, "load", members);
        Assert.Equal(1, created.LastSeq);

        var sends = Enumerable.Range(0, 200)
            .Select(i => conversation.Send(new SendCommand(everyone[i % everyone.Length], Ids.Client(), new TextBody($"message {i}"))))
            .ToArray();
        var acks = await Task.WhenAll(sends);

        Assert.All(acks, a => Assert.False(a.Duplicate));
        Assert.Equal(Enumerable.Range(2, 200).Select(i => (long)i), acks.Select(a => a.Seq).Order());
        var history = await Reads.HistoryAsync(conversation, owner);
        Assert.Equal(Enumerable.Range(1, 201).Select(i => (long)i), history.Select(m => m.Seq));
        // Each ack names the message stored under its seq.
        var bySeq = history.ToDictionary(m => m.Seq);
        Assert.All(acks, a => Assert.Equal(a.ClientMessageId, bySeq[a.Seq].ClientMessageId));
        Assert.Equal(201, (await conversation.GetInfo(members[0])).LastSeq);
    }
}
