using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.LargeGroups;

/// <summary>
/// A hint goes to a gateway with its window's messages only for members who may read every one
/// of them; a member who joined inside the window gets the bare hint and pulls from the
/// conversation, which bounds what they see by their join.
/// </summary>
[Collection(LargeGroupCollection.Name)]
public sealed class WindowReaderTests(LargeGroupClusterFixture fixture)
{
    [Fact]
    public async Task The_window_goes_to_members_who_may_read_all_of_it_and_a_late_joiner_gets_the_bare_hint()
    {
        var owner = Ids.User("owner");
        var (conversation, members) = await LargeGroupBuilder.CreateAsync(fixture, owner, 20);
        var gateway = fixture.NewGateway();
        var old = members[0];
        await gateway.ConnectAsync(fixture.User(old), "phone");
        fixture.TestClock.Advance(LargeGroupClusterFixture.HintWindow);
        var opening = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("opens a window")));
        await gateway.Observer.WaitUntilAsync(() => gateway.Observer.Advanced(old).Any(h => h.LastSeq == opening.Seq), "the opening hint");

        // Inside the next window: a message, then a member joins, then another message.
        var before = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("before the join")));
        var late = Ids.User("late");
        await conversation.AddMembers(owner, [late]);
        await gateway.ConnectAsync(fixture.User(late), "phone");
        fixture.TestClock.Advance(LargeGroupClusterFixture.HintWindow);
        var closing = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("closes the window")));
        await gateway.Observer.WaitUntilAsync(
            () => new[] { old, late }.All(m => gateway.Observer.Advanced(m).Any(h => h.LastSeq == closing.Seq)),
            "both members got the hint of the window");

        var window = Assert.Single(gateway.Observer.Windows(old), w => w.Hint.LastSeq == closing.Seq);
        Assert.Equal(opening.Seq, window.Hint.PreviousSeq);
        Assert.Equal(Enumerable.Range((int)opening.Seq + 1, (int)(closing.Seq - opening.Seq)).Select(s => (long)s), window.Messages.Select(m => m.Seq));
        Assert.Contains(window.Messages, m => m.Seq == before.Seq && m.Body is TextBody { Text: "before the join" });
        Assert.DoesNotContain(gateway.Observer.Windows(late), w => w.Hint.LastSeq == closing.Seq);

        // What the late joiner pulls from the conversation starts at their join.
        var pulled = await conversation.GetHistory(late, opening.Seq, HistoryDirection.Forward, 50);
        Assert.DoesNotContain(pulled.Messages, m => m.Seq == before.Seq);
        Assert.Contains(pulled.Messages, m => m.Seq == closing.Seq);
    }
}
