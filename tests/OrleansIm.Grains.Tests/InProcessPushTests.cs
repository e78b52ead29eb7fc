using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests;

/// <summary>
/// A gateway co-hosted in the silo registers its observer as in-process, and user grains call that
/// object directly instead of messaging their own process (docs/messaging.md).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class InProcessPushTests(ImClusterFixture fixture)
{
    [Fact]
    public async Task Pushes_to_a_gateway_registered_in_process_reach_its_object_not_the_reference()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        // The reference's own observer gets whatever still travels through Orleans.
        var gateway = fixture.NewGateway();
        var inProcess = new RecordingObserver();
        fixture.InProcessObservers.Register(gateway.Reference, inProcess);
        await gateway.ConnectAsync(fixture.User(bob), "phone");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));

        var ack = await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("hi")));
        await inProcess.WaitForMessageAsync(bob, ack.ConversationId, ack.Seq);
        await fixture.User(bob).DeliverTyping(new TypingSignal(ack.ConversationId, alice, true));
        await inProcess.WaitUntilAsync(() => inProcess.Typing(bob).Count == 1, "bob's gateway was told alice is typing");
        await gateway.ConnectAsync(fixture.User(bob), "phone");
        await inProcess.WaitUntilAsync(() => inProcess.ReplacedConnections().Count == 1, "bob's first phone stream was replaced");

        Assert.Empty(gateway.Observer.Events(bob));
        Assert.Empty(gateway.Observer.Typing(bob));
        Assert.Empty(gateway.Observer.ReplacedConnections());
    }

    [Fact]
    public async Task A_gateway_object_that_throws_fails_no_delivery_and_no_other_gateway()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var phones = fixture.NewGateway();
        var broken = new FailingObserver();
        fixture.InProcessObservers.Register(phones.Reference, broken);
        var laptops = fixture.NewGateway();
        await phones.ConnectAsync(fixture.User(bob), "phone");
        await laptops.ConnectAsync(fixture.User(bob), "laptop");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));

        var first = await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("one")));
        var second = await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("two")));
        await laptops.Observer.WaitForMessageAsync(bob, second.ConversationId, second.Seq);

        var log = await Reads.SyncLogAsync(fixture.User(bob));
        Assert.Equal([first.Seq, second.Seq], log.Where(e => e.Kind == SyncEventKind.Message).Select(e => e.Seq));
        Assert.Equal(2, (await fixture.User(bob).ListConversations()).TotalUnread);
        Assert.True(broken.Calls >= 2, $"the broken gateway was called {broken.Calls} times");
    }
}
