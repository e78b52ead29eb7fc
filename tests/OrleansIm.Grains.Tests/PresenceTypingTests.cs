using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PresenceTypingTests(ImClusterFixture fixture)
{
    [Fact]
    public async Task Typing_reaches_the_other_members_devices()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var carol = Ids.User("carol");
        var gateway = fixture.NewGateway();
        var other = fixture.NewGateway();
        await gateway.ConnectAsync(fixture.User(bob), "phone");
        await other.ConnectAsync(fixture.User(carol), "laptop");
        var conversation = fixture.Conversation(ConversationId.NewGroup());
        var id = conversation.GetPrimaryKeyString();
        await conversation.CreateGroup(alice, "typing", [bob, carol]);

        await conversation.Typing(alice, true);
        await gateway.Observer.WaitUntilAsync(() => gateway.Observer.Typing(bob).Count > 0, "bob saw alice typing");
        await other.Observer.WaitUntilAsync(() => other.Observer.Typing(carol).Count > 0, "carol saw alice typing");
        Assert.Equal(new TypingSignal(id, alice, true), gateway.Observer.Typing(bob).Single());
        Assert.Equal(new TypingSignal(id, alice, true), other.Observer.Typing(carol).Single());

        await conversation.Typing(alice, false);
        await gateway.Observer.WaitUntilAsync(() => gateway.Observer.Typing(bob).Contains(new TypingSignal(id, alice, false)), "bob saw alice stop");
        // Carol's typing goes to bob but not back to carol herself.
        await conversation.Typing(carol, true);
        await gateway.Observer.WaitUntilAsync(() => gateway.Observer.Typing(bob).Contains(new TypingSignal(id, carol, true)), "bob saw carol typing");
        Assert.DoesNotContain(other.Observer.Typing(carol), s => s.UserId == carol);
        Assert.Empty(gateway.Observer.Typing(alice));
    }

    [Fact]
    public async Task Presence_follows_devices_and_reaches_direct_peers()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var gateway = fixture.NewGateway();
        var aliceGateway = fixture.NewGateway();
        await gateway.ConnectAsync(fixture.User(bob), "phone");
        // Presence goes to the peers of direct conversations the user has.
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        var hi = await conversation.Send(new SendCommand(bob, Ids.Client(), new TextBody("are you there?")));
        await gateway.Observer.WaitForMessageAsync(bob, conversation.GetPrimaryKeyString(), hi.Seq);
        await fixture.User(alice).ListConversations(); // activates alice: her list comes from her log
        Assert.False((await fixture.User(alice).GetPresence()).Online);

        await aliceGateway.ConnectAsync(fixture.User(alice), "phone", "conn-phone");
        await gateway.Observer.WaitUntilAsync(() => gateway.Observer.Presence(bob).Any(p => p.UserId == alice && p.Online), "bob saw alice come online");
        await aliceGateway.ConnectAsync(fixture.User(alice), "laptop", "conn-laptop");
        Assert.True((await fixture.User(alice).GetPresence()).Online);

        await fixture.User(alice).Disconnect("phone", "conn-phone");
        Assert.True((await fixture.User(alice).GetPresence()).Online);
        await fixture.User(alice).Disconnect("laptop", "not-the-current-connection");
        Assert.True((await fixture.User(alice).GetPresence()).Online);
        await fixture.User(alice).Disconnect("laptop", "conn-laptop");

        await gateway.Observer.WaitUntilAsync(() => gateway.Observer.Presence(bob).Any(p => p.UserId == alice && !p.Online), "bob saw alice go offline");
        Assert.Equal([true, false], gateway.Observer.Presence(bob).Where(p => p.UserId == alice).Select(p => p.Online));
        Assert.False((await fixture.User(alice).GetPresence()).Online);
    }

    [Fact]
    public async Task A_new_connection_for_a_device_replaces_the_old_one()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var first = fixture.NewGateway();
        var second = fixture.NewGateway();
        var user = fixture.User(alice);
        await first.ConnectAsync(user, "phone", "conn-1");
        await second.ConnectAsync(user, "phone", "conn-2");

        await first.Observer.WaitUntilAsync(() => first.Observer.ReplacedConnections().Count > 0, "the first gateway was told to close its stream");
        Assert.Equal((alice, "phone", "conn-1"), first.Observer.ReplacedConnections().Single());
        // Only the second gateway hears of new messages now.
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        var sent = await conversation.Send(new SendCommand(bob, Ids.Client(), new TextBody("to the new one")));
        await second.Observer.WaitForMessageAsync(alice, conversation.GetPrimaryKeyString(), sent.Seq);
        await fixture.User(alice).Disconnect("phone", "conn-1");
        Assert.True((await user.GetPresence()).Online);
    }

    [Fact]
    public async Task Device_cursors_are_checked()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var gateway = fixture.NewGateway();
        var user = fixture.User(alice);
        await gateway.ConnectAsync(user, "phone");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        var sent = await conversation.Send(new SendCommand(bob, Ids.Client(), new TextBody("x")));
        await gateway.Observer.WaitForMessageAsync(alice, conversation.GetPrimaryKeyString(), sent.Seq);

        await user.AckCursor("phone", 1);
        await user.AckCursor("phone", 0);
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => user.AckCursor("phone", 2));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => user.AckCursor("phone", -1));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => user.AckCursor("bad device!", 1));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => gateway.ConnectAsync(user, "bad device!"));
    }
}
