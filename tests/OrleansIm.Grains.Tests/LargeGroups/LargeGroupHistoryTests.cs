using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.LargeGroups;

/// <summary>Pulls a large group answers from its in-memory tail say exactly what the store says.</summary>
[Collection(LargeGroupCollection.Name)]
public sealed class LargeGroupHistoryTests(LargeGroupClusterFixture fixture)
{
    [Fact]
    public async Task Forward_pages_match_the_store_after_edits_and_recalls()
    {
        var owner = Ids.User("owner");
        var (conversation, members) = await LargeGroupBuilder.CreateAsync(fixture, owner, 600);
        var id = conversation.GetPrimaryKeyString();
        var sent = new List<SendOutcome>();
        for (var i = 0; i < 12; i++)
        {
            sent.Add(await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody($"m{i}"))));
        }
        await conversation.Edit(owner, sent[3].Seq, Ids.Client(), new TextBody("m3, edited"));
        await conversation.Recall(owner, sent[5].Seq, Ids.Client());

        var anchor = sent[0].Seq - 1;
        var page = await conversation.GetHistory(members[0], anchor, HistoryDirection.Forward, 50);
        var stored = await fixture.Store.ReadMessagesAsync(id, anchor, HistoryDirection.Forward, 50);

        Assert.Equal(14, page.Messages.Length);
        Assert.Equal(stored.Select(Describe), page.Messages.Select(Describe));
        Assert.Equal(new TextBody("m3, edited"), page.Messages[3].Body);
        Assert.True(page.Messages[5].Recalled);
    }

    private static string Describe(MessageRecord m) =>
        $"{m.Seq}|{m.SenderId}|{m.ClientMessageId}|{m.SentAtMs}|{m.Body}|{m.EditedAtMs}|{m.Recalled}";
}
