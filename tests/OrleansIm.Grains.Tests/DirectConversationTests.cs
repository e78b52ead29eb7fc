using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class DirectConversationTests(ImClusterFixture fixture)
{
    [Fact]
    public async Task Both_parties_open_the_same_direct_conversation()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");

        var byAlice = await fixture.Conversation(ConversationId.Direct(alice, bob)).OpenDirect(alice);
        var byBob = await fixture.Conversation(ConversationId.Direct(bob, alice)).OpenDirect(bob);

        Assert.Equal(byAlice.Id, byBob.Id);
        Assert.Equal(ConversationKind.Direct, byBob.Kind);
        Assert.Equal(new[] { alice, bob }.Order(StringComparer.Ordinal), byBob.Members.Select(m => m.UserId).Order(StringComparer.Ordinal));
        Assert.Equal(0, byBob.LastSeq);
        Assert.Equal(byAlice.CreatedAtMs, byBob.CreatedAtMs);
    }

    [Fact]
    public async Task Sends_get_contiguous_seqs_from_one()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));

        var seqs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var sender = i % 2 == 0 ? alice : bob;
            var ack = await conversation.Send(new SendCommand(sender, Ids.Client(), new TextBody($"hello {i}")));
            Assert.False(ack.Duplicate);
            Assert.Equal(conversation.GetPrimaryKeyString(), ack.ConversationId);
            seqs.Add(ack.Seq);
        }

        Assert.Equal([1L, 2L, 3L], seqs);
        Assert.Equal(3, (await conversation.GetInfo(bob)).LastSeq);
    }

    [Fact]
    public async Task History_pages_backward_and_forward_from_anchors()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        for (var i = 1; i <= 7; i++)
        {
            await conversation.Send(new SendCommand(i % 2 == 0 ? bob : alice, Ids.Client(), new TextBody($"m{i}")));
        }

        var latest = await conversation.GetHistory(alice, 0, HistoryDirection.Backward, 3);
        Assert.Equal([7L, 6L, 5L], latest.Messages.Select(m => m.Seq));
        Assert.True(latest.HasMore);
        Assert.Equal(7, latest.LastSeq);
        Assert.Equal("m7", Assert.IsType<TextBody>(latest.Messages[0].Body).Text);

        var older = await conversation.GetHistory(alice, 5, HistoryDirection.Backward, 3);
        Assert.Equal([4L, 3L, 2L], older.Messages.Select(m => m.Seq));
        Assert.True(older.HasMore);

        var oldest = await conversation.GetHistory(bob, 2, HistoryDirection.Backward, 3);
        Assert.Equal([1L], oldest.Messages.Select(m => m.Seq));
        Assert.False(oldest.HasMore);

        var first = await conversation.GetHistory(bob, 0, HistoryDirection.Forward, 4);
        Assert.Equal([1L, 2L, 3L, 4L], first.Messages.Select(m => m.Seq));
        Assert.True(first.HasMore);

        var rest = await conversation.GetHistory(bob, 4, HistoryDirection.Forward, 4);
        Assert.Equal([5L, 6L, 7L], rest.Messages.Select(m => m.Seq));
        Assert.False(rest.HasMore);

        var exact = await conversation.GetHistory(bob, 3, HistoryDirection.Forward, 4);
        Assert.Equal([4L, 5L, 6L, 7L], exact.Messages.Select(m => m.Seq));
        Assert.False(exact.HasMore);

        Assert.Empty((await conversation.GetHistory(bob, 7, HistoryDirection.Forward, 4)).Messages);
        Assert.Equal(7, (await conversation.GetHistory(bob, 0, HistoryDirection.Backward, 0)).Messages.Length);

        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.GetHistory(bob, -1, HistoryDirection.Forward, 4));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.GetHistory(bob, 0, HistoryDirection.Forward, -1));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.GetHistory(bob, 0, HistoryDirection.Forward, 100_000));
    }

    [Fact]
    public async Task A_third_user_is_refused_everywhere()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var mallory = Ids.User("mallory");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));

        // Before the conversation exists, an outsider cannot bring it into being.
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.OpenDirect(mallory));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.Send(new SendCommand(mallory, Ids.Client(), new TextBody("hi"))));

        await conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("hi bob")));

        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.OpenDirect(mallory));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.Send(new SendCommand(mallory, Ids.Client(), new TextBody("hi"))));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.GetHistory(mallory, 0, HistoryDirection.Backward, 10));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.GetInfo(mallory));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.GetReadPositions(mallory));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.Typing(mallory, true));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => fixture.User(mallory).MarkRead(conversation.GetPrimaryKeyString(), 1));
        Assert.Equal(1, (await conversation.GetInfo(alice)).LastSeq);
    }

    [Fact]
    public async Task An_unknown_group_is_not_found()
    {
        var alice = Ids.User("alice");
        var conversation = fixture.Conversation(ConversationId.NewGroup());

        await ImAssert.Refused(ImErrorCode.NotFound, () => conversation.GetInfo(alice));
        await ImAssert.Refused(ImErrorCode.NotFound, () => conversation.Send(new SendCommand(alice, Ids.Client(), new TextBody("anyone?"))));
        await ImAssert.Refused(ImErrorCode.NotFound, () => conversation.GetHistory(alice, 0, HistoryDirection.Backward, 10));
        await ImAssert.Refused(ImErrorCode.NotFound, () => conversation.AddMembers(alice, [Ids.User("bob")]));
        await ImAssert.Refused(ImErrorCode.NotFound, () => fixture.User(alice).MarkRead(conversation.GetPrimaryKeyString(), 1));
    }

    [Fact]
    public async Task Malformed_direct_ids_are_invalid()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var (low, high) = string.CompareOrdinal(alice, bob) < 0 ? (alice, bob) : (bob, alice);

        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => fixture.Conversation($"d:{high}:{low}").OpenDirect(low));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => fixture.Conversation($"d:{low}").OpenDirect(low));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => fixture.Conversation($"d:{low}:{high}").OpenDirect("not valid!"));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => fixture.Conversation($"d:{low}:{high}").Send(new SendCommand(low, "bad id!", new TextBody("x"))));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => fixture.Conversation($"d:{low}:{high}").Send(new SendCommand("", Ids.Client(), new TextBody("x"))));
    }
}
