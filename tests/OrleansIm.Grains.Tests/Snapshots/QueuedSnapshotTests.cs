using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Tests.Infrastructure;
using OrleansIm.Grains.Users;

namespace OrleansIm.Grains.Tests.Snapshots;

/// <summary>
/// Grain-state writes to the embedded file go one at a time, so a user's snapshot can wait
/// behind another grain's write while the user keeps receiving. What it stores must still be
/// the state at its own sync seq, taken when every event up to it was durable: the grain
/// applies a message to its state before the message's sync event is committed, so a snapshot
/// serialized later could hold a message whose event then failed to commit, and a restart from
/// it would treat that message as delivered though the user's log never got it.
/// </summary>
[Collection(SnapshotClusterCollection.Name)]
public sealed class QueuedSnapshotTests(SnapshotClusterFixture fixture)
{
    [Fact]
    public async Task A_snapshot_that_waited_for_the_storage_holds_the_state_of_its_own_moment()
    {
        var ann = Ids.User("ann");
        var bea = Ids.User("bea");
        var samId = Ids.User("sam");
        var tomId = Ids.User("tom");
        var toAnn = fixture.Conversation(ConversationId.Direct(samId, ann));
        var toBea = fixture.Conversation(ConversationId.Direct(tomId, bea));
        var gateway = fixture.NewGateway();
        await gateway.ConnectAsync(fixture.User(ann), "phone");
        await gateway.ConnectAsync(fixture.User(bea), "phone");
        // Every grain this test writes state for exists before the grain-state file is locked.
        await SendAndSeeAsync(gateway, toAnn, samId, ann, "hello ann");
        await SendAndSeeAsync(gateway, toBea, tomId, bea, "hello bea");
        Assert.Null(GrainStateRows.Read(fixture, "user", bea));

        var fourth = 0L;
        using (var writeLock = fixture.ConnectToGrainState())
        {
            // Another writer holds the file, as the store's other grains do under load.
            Exec(writeLock, "BEGIN IMMEDIATE");

            // Ann reaches her snapshot: its write is the one in front, retrying against the lock.
            for (var i = 0; i < SnapshotClusterFixture.SnapshotEvery - 1; i++)
            {
                await SendAndSeeAsync(gateway, toAnn, samId, ann, $"to ann {i}");
            }
            // Bea reaches hers at sync seq 4: it queues behind Ann's.
            for (var i = 0; i < SnapshotClusterFixture.SnapshotEvery - 1; i++)
            {
                fourth = await SendAndSeeAsync(gateway, toBea, tomId, bea, $"to bea {i}");
            }
            // And keeps receiving while it waits: a message, a read up to it, one more unread.
            var read = await SendAndSeeAsync(gateway, toBea, tomId, bea, "read this");
            await fixture.User(bea).MarkRead(toBea.GetPrimaryKeyString(), read);
            await SendAndSeeAsync(gateway, toBea, tomId, bea, "still unread");
            await gateway.Observer.WaitForSyncSeqAsync(bea, (await fixture.User(bea).Sync(0, 1)).LatestSyncSeq);
            Assert.Null(GrainStateRows.Read(fixture, "user", bea));

            Exec(writeLock, "ROLLBACK");
        }

        var live = await fixture.User(bea).ListConversations();
        Assert.Equal(1, live.TotalUnread);
        var queued = await WaitForRowAsync(bea);

        // Stored as of sync seq 4: the greeting and three messages, all unread; nothing after.
        var snapshot = Deserialize(queued);
        Assert.Equal(SnapshotClusterFixture.SnapshotEvery, snapshot.SnapshotSyncSeq);
        var entry = snapshot.Conversations[toBea.GetPrimaryKeyString()];
        Assert.Equal(fourth, entry.LastSeq);
        Assert.Equal(SnapshotClusterFixture.SnapshotEvery, entry.Unread);
        Assert.Equal(0, entry.ReadSeq);

        // A crash-like restart from the queued snapshot: it and the log after it must rebuild the same list.
        await fixture.Cluster.DeactivateAsync(fixture.User(bea));
        GrainStateRows.Overwrite(fixture, "user", bea, queued);
        var rebuilt = await fixture.User(bea).ListConversations();
        Assert.Equal(Reads.Render(live), Reads.Render(rebuilt));
    }

    /// <summary>Sends, and waits until the recipient's grain pushed it (so it is applied there); returns its seq.</summary>
    private static async Task<long> SendAndSeeAsync(TestGateway gateway, Interfaces.Conversations.IConversationGrain conversation, string sender, string recipient, string text)
    {
        var ack = await conversation.Send(new SendCommand(sender, Ids.Client(), new TextBody(text)));
        await gateway.Observer.WaitForMessageAsync(recipient, conversation.GetPrimaryKeyString(), ack.Seq);
        return ack.Seq;
    }

    /// <summary>
    /// The user's stored snapshot, once the writes queued ahead of a new one are done: grain-state
    /// writes take their turns in arrival order, so when a group's creation (a state write queued
    /// now) has finished, the snapshot that was waiting before it has been written too.
    /// </summary>
    private async Task<byte[]> WaitForRowAsync(string userId)
    {
        await fixture.Conversation(ConversationId.NewGroup()).CreateGroup(Ids.User("owner"), "after the queue", [Ids.User("member")]);
        return GrainStateRows.Read(fixture, "user", userId) ?? throw new Xunit.Sdk.XunitException($"no snapshot of {userId} was written");
    }

    private UserState Deserialize(byte[] row)
    {
        var serializer = fixture.Client.ServiceProvider.GetRequiredService<Serializer>();
        return new OrleansGrainStorageSerializer(serializer).Deserialize<UserState>(BinaryData.FromBytes(row))
            ?? throw new InvalidOperationException("the stored snapshot is empty");
    }

    private static void Exec(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
