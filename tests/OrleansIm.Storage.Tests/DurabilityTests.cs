using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Storage;
using static OrleansIm.Storage.Tests.Messages;

namespace OrleansIm.Storage.Tests;

public sealed class DurabilityTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Everything_acknowledged_is_there_after_reopening_the_file()
    {
        var conversation = NewConversation();
        var newBody = new TextBody("edited");
        await using (var store = await _database.OpenAsync())
        {
            await Task.WhenAll(Enumerable.Range(1, 50).Select(seq => store.AppendMessageAsync(Text(conversation, seq))));
            await store.AppendMessageAsync(With(conversation, 51, "alice", new EditBody(7, newBody)), new MessageUpdate(7, newBody, 42, false));
            await store.AppendSyncEventsAsync("bob", [new StoredSyncEvent(1, SyncEventKind.Message, conversation, 7, "alice", 1)]);
            await store.SaveReadPositionAsync(conversation, "bob", 51);
        }

        await using var reopened = await _database.OpenAsync();

        Assert.Equal(51, await reopened.GetLastSeqAsync(conversation));
        Assert.Equal(51, (await reopened.ReadMessagesAsync(conversation, 0, HistoryDirection.Forward, 100)).Count);
        Assert.Equal(newBody, (await reopened.GetMessageAsync(conversation, 7))!.Body);
        Assert.Equal(newBody, Assert.Single(await reopened.ReadSyncEventsAsync("bob", 0, 10)).Message!.Body);
        Assert.Equal([new ReadPositionInfo("bob", 51)], await reopened.ReadReadPositionsAsync(conversation));
        Assert.Equal(0, reopened.Statistics.WritesCommitted);
    }
}
