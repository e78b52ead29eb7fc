using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.LargeGroups;

[Collection(LargeGroupCollection.Name)]
public sealed class LargeGroupCostTests(LargeGroupClusterFixture fixture)
{
    private const int Messages = 20;

    [Fact]
    public async Task Rows_and_user_grain_calls_per_message_are_the_same_for_10_and_10000_members()
    {
        var owner = Ids.User("owner");
        var (small, _) = await LargeGroupBuilder.CreateAsync(fixture, owner, 10, "ten");
        var (large, _) = await LargeGroupBuilder.CreateAsync(fixture, owner, 10_000, "ten-thousand");
        var smallInfo = await small.GetInfo(owner);
        var largeInfo = await large.GetInfo(owner);
        Assert.True(smallInfo.Large);
        Assert.True(largeInfo.Large);
        Assert.Equal(10, smallInfo.MemberCount);
        Assert.Equal(10_000, largeInfo.MemberCount);

        var (smallRows, smallCalls) = await MeasureAsync(small, owner);
        var (largeRows, largeCalls) = await MeasureAsync(large, owner);

        // One message row per message, nothing per member, in both.
        Assert.Equal(Messages, smallRows);
        Assert.Equal(smallRows, largeRows);
        Assert.Equal(0, smallCalls);
        Assert.Equal(smallCalls, largeCalls);
    }

    [Fact]
    public async Task A_page_of_members_writes_its_rows_not_the_whole_membership()
    {
        var owner = Ids.User("owner");
        var (conversation, _) = await LargeGroupBuilder.CreateAsync(fixture, owner, 3000);
        var before = fixture.Store.Statistics.RowsWritten;
        var added = Enumerable.Range(0, 10).Select(i => Ids.User($"p{i}")).ToArray();
        await conversation.AddMembers(owner, added);
        // Ten member rows and the notice announcing them.
        Assert.Equal(11, fixture.Store.Statistics.RowsWritten - before);
        Assert.Equal(3010, (await conversation.GetInfo(owner)).MemberCount);

        // The members survive a new activation: they are rows, not grain state.
        await fixture.Cluster.DeactivateAsync(conversation);
        var page = await conversation.ListMembers(owner, "", 200);
        Assert.Equal(3010, page.MemberCount);
        Assert.True(page.HasMore);
    }

    private async Task<(long Rows, long UserGrainCalls)> MeasureAsync(IConversationGrain conversation, string sender)
    {
        // Warm the activation so both groups are measured in the same state.
        await conversation.Send(new SendCommand(sender, Ids.Client(), new TextBody("warm-up")));
        var rows = fixture.Store.Statistics.RowsWritten;
        var calls = fixture.UserGrainCalls;
        for (var i = 0; i < Messages; i++)
        {
            await conversation.Send(new SendCommand(sender, Ids.Client(), new TextBody($"m{i}")));
        }
        return (fixture.Store.Statistics.RowsWritten - rows, fixture.UserGrainCalls - calls);
    }
}
