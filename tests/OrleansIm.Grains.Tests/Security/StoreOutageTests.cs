using Microsoft.Data.Sqlite;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Security;

[Collection(StoreOutageClusterCollection.Name)]
public sealed class StoreOutageTests(StoreOutageClusterFixture fixture)
{
    [Fact]
    public async Task Sends_fail_with_unavailable_while_the_store_fails_store_nothing_and_succeed_again_once_it_recovers()
    {
        var owner = Ids.User("owner");
        var member = Ids.User("member");
        var gateway = fixture.NewGateway();
        await gateway.ConnectAsync(fixture.User(member), "phone");
        var group = fixture.Conversation(ConversationId.NewGroup());
        await group.CreateGroup(owner, "outage", [member]);
        Task<SendOutcome> Send(string clientMessageId) => group.Send(new SendCommand(owner, clientMessageId, new TextBody(clientMessageId)));
        var before = await Send("before");
        await gateway.Observer.WaitForMessageAsync(member, group.GetPrimaryKeyString(), before.Seq);

        var retried = Ids.Client();
        using (var blocker = fixture.ConnectToDatabase())
        {
            // Holding the write lock makes every batch fail after the busy timeout, as a failing disk would.
            using var lockCommand = new SqliteCommand("BEGIN EXCLUSIVE", blocker);
            lockCommand.ExecuteNonQuery();

            // The first failure trips the breaker; the sends after it are refused without reaching the store.
            await ImAssert.Refused(ImErrorCode.Unavailable, () => Send(Ids.Client()));
            var refused = await ImAssert.Refused(ImErrorCode.Unavailable, () => Send(retried));
            Assert.Contains("Retry with the same client message id in", refused.Message);
            // Other writes that reach the store on a client's behalf are refused the same way.
            var read = await ImAssert.Refused(ImErrorCode.Unavailable, () => fixture.User(member).MarkRead(group.GetPrimaryKeyString(), before.Seq));
            Assert.Contains("store is unavailable", read.Message);

            using var release = new SqliteCommand("ROLLBACK", blocker);
            release.ExecuteNonQuery();
        }

        // Recovery needs nobody: once the break is over, the next write is the probe that closes the breaker.
        fixture.EndBreak();
        var after = await Send(retried);

        // Nothing of the failed sends was stored: the seqs stay contiguous and the retried send is stored once.
        var history = (await group.GetHistory(owner, 0, HistoryDirection.Forward, 50)).Messages;
        Assert.Equal(Enumerable.Range(1, history.Length).Select(i => (long)i), history.Select(m => m.Seq));
        Assert.Equal(["before", retried], history.Select(m => m.Body).OfType<TextBody>().Select(b => b.Text));
        Assert.Equal(after.Seq, history[^1].Seq);
    }

    [Fact]
    public async Task Grain_state_writes_are_refused_at_once_while_their_database_fails_and_recover_by_themselves()
    {
        var owner = Ids.User("owner");
        Task<ConversationInfo> Create() => fixture.Conversation(ConversationId.NewGroup()).CreateGroup(owner, "state outage", [Ids.User("member")]);

        using (var blocker = fixture.ConnectToGrainState())
        {
            // Holding the grain-state file's write lock makes the provider's writes fail after the busy timeout.
            using var lockCommand = new SqliteCommand("BEGIN EXCLUSIVE", blocker);
            lockCommand.ExecuteNonQuery();

            // The first failure trips the breaker; the next grain's state is refused without reaching
            // the database (Orleans reports a failed activation wrapped, with the refusal inside).
            await Assert.ThrowsAnyAsync<Exception>(Create);
            var error = await Assert.ThrowsAnyAsync<Exception>(Create);
            var refused = InnerImException(error);
            Assert.Equal(ImErrorCode.Unavailable, refused?.Code);
            Assert.Contains("grain state store is unavailable; retry in", refused!.Message);

            using var release = new SqliteCommand("ROLLBACK", blocker);
            release.ExecuteNonQuery();
        }

        // After the break the next state write is the probe that closes the breaker; nobody intervenes.
        fixture.EndBreak();
        var created = await Create();
        Assert.Equal("state outage", created.Name);
    }

    private static ImException? InnerImException(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is ImException im)
            {
                return im;
            }
        }
        return null;
    }
}
