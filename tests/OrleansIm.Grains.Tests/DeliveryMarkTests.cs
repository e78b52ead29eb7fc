using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests;

/// <summary>The fan-out watermark is coalesced in time, but never lost when an activation ends.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeliveryMarkTests(ImClusterFixture fixture)
{
    [Fact]
    public async Task An_ending_activation_records_how_far_its_fan_out_got()
    {
        var owner = Ids.User("owner");
        var member = Ids.User("member");
        var gateway = fixture.NewGateway();
        await gateway.ConnectAsync(fixture.User(owner), "phone");
        await gateway.ConnectAsync(fixture.User(member), "phone");
        var conversation = fixture.Conversation(ConversationId.NewGroup());
        var id = conversation.GetPrimaryKeyString();
        await conversation.CreateGroup(owner, "marks", [member]);
        SendOutcome last = null!;
        for (var i = 0; i < 20; i++)
        {
            last = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody($"m{i}")));
        }
        await gateway.Observer.WaitForMessageAsync(member, id, last.Seq);
        await gateway.Observer.WaitForMessageAsync(owner, id, last.Seq);

        // Well inside the one-second interval: only the deactivation can have written the mark.
        await fixture.Cluster.DeactivateAsync(conversation);

        Assert.Equal(last.Seq, await fixture.Store.GetDeliveredSeqAsync(id));
    }
}
