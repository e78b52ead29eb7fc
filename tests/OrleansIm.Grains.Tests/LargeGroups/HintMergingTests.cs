using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.LargeGroups;

[Collection(LargeGroupCollection.Name)]
public sealed class HintMergingTests(LargeGroupClusterFixture fixture)
{
    [Fact]
    public async Task An_online_member_gets_one_hint_per_window_however_many_messages()
    {
        var owner = Ids.User("owner");
        var (conversation, members) = await LargeGroupBuilder.CreateAsync(fixture, owner, 50);
        var id = conversation.GetPrimaryKeyString();
        var gateway = fixture.NewGateway();
        var online = members.Take(3).ToArray();
        foreach (var member in online)
        {
            await gateway.ConnectAsync(fixture.User(member), "phone");
        }
        var offline = members[10];
        // Creating the group announced its notices: start from a quiet group.
        fixture.TestClock.Advance(LargeGroupClusterFixture.HintWindow);

        SendOutcome first = null!;
        SendOutcome last = null!;
        for (var i = 0; i < 30; i++)
        {
            last = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody($"burst {i}")));
            first ??= last;
        }
        // The first message of a quiet group is hinted at once; the other 29 wait for the window's end.
        await gateway.Observer.WaitUntilAsync(() => online.All(m => gateway.Observer.Advanced(m).Count >= 1), "every online member got the first hint");

        fixture.TestClock.Advance(LargeGroupClusterFixture.HintWindow);
        var after = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("next window")));
        await gateway.Observer.WaitUntilAsync(
            () => online.All(m => gateway.Observer.Advanced(m).Any(h => h.LastSeq == after.Seq)),
            "every online member got the hint of the next window");

        foreach (var member in online)
        {
            var hints = gateway.Observer.Advanced(member);
            Assert.Equal(2, hints.Count);
            Assert.Equal(id, hints[0].ConversationId);
            Assert.Equal(first.Seq, hints[0].LastSeq);
            // The second hint covers the whole merged window: everything after the first hint.
            Assert.Equal(first.Seq, hints[1].PreviousSeq);
            Assert.Equal(after.Seq, hints[1].LastSeq);
            Assert.True(last.Seq < after.Seq);
        }
        Assert.Empty(gateway.Observer.Advanced(offline));
        // One call per gateway per window, not one per member.
        Assert.Equal(2, gateway.Observer.AdvancedCalls);
        // Nothing was pushed as sync events: the members pull.
        Assert.All(online, m => Assert.Empty(gateway.Observer.Events(m)));
    }

    [Fact]
    public async Task A_member_who_disconnects_gets_no_more_hints()
    {
        var owner = Ids.User("owner");
        var (conversation, members) = await LargeGroupBuilder.CreateAsync(fixture, owner, 8);
        var gateway = fixture.NewGateway();
        var stays = members[0];
        var leaves = members[1];
        await gateway.ConnectAsync(fixture.User(stays), "phone");
        await gateway.ConnectAsync(fixture.User(leaves), "phone", "conn-leaves");
        await fixture.User(leaves).Disconnect("phone", "conn-leaves");

        fixture.TestClock.Advance(LargeGroupClusterFixture.HintWindow);
        var sent = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("hello")));
        await gateway.Observer.WaitUntilAsync(() => gateway.Observer.Advanced(stays).Any(h => h.LastSeq == sent.Seq), "the connected member got the hint");
        Assert.Empty(gateway.Observer.Advanced(leaves));
    }
}
