using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests;

/// <summary>A user grain that lost its activation (its silo died) and gets its streams back from the gateway's refresh.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReactivationTests(ImClusterFixture fixture)
{
    [Fact]
    public async Task A_refresh_that_restores_a_lost_registration_pushes_the_newest_event_so_the_device_finds_its_gap()
    {
        var me = Ids.User("me");
        var bob = Ids.User("bob");
        var gateway = fixture.NewGateway();
        const string connection = "conn-1";
        await gateway.ConnectAsync(fixture.User(me), "phone", connection);
        var chat = fixture.Conversation(ConversationId.Direct(bob, me));
        await chat.Send(new SendCommand(bob, Ids.Client(), new TextBody("before")));
        await gateway.Observer.WaitUntilAsync(() => gateway.Observer.LatestSyncSeq(me) == 1, "the first push");

        // The activation goes away with its registrations. The new one learns only of the laptop
        // (another gateway), so the messages that follow reach the laptop and not the phone.
        await fixture.Cluster.DeactivateAsync(fixture.User(me));
        var laptops = fixture.NewGateway();
        await laptops.ConnectAsync(fixture.User(me), "laptop");
        await chat.Send(new SendCommand(bob, Ids.Client(), new TextBody("missed 1")));
        var last = await chat.Send(new SendCommand(bob, Ids.Client(), new TextBody("missed 2")));
        await laptops.Observer.WaitUntilAsync(() => laptops.Observer.LatestSyncSeq(me) == 3, "both messages at the laptop");
        Assert.Equal(1, gateway.Observer.LatestSyncSeq(me));

        await fixture.User(me).Refresh("phone", connection, gateway.Reference);

        await gateway.Observer.WaitUntilAsync(() => gateway.Observer.LatestSyncSeq(me) == 3, "the newest event after the refresh");
        Assert.Equal(last.Seq, gateway.Observer.Events(me)[^1].Seq);

        // A refresh of a registration the activation already has pushes nothing again.
        var pushed = gateway.Observer.Events(me).Count;
        await fixture.User(me).Refresh("phone", connection, gateway.Reference);
        await chat.Send(new SendCommand(bob, Ids.Client(), new TextBody("live again")));
        await gateway.Observer.WaitUntilAsync(() => gateway.Observer.LatestSyncSeq(me) == 4, "the next live push");
        Assert.Equal(pushed + 1, gateway.Observer.Events(me).Count);
    }
}
