using Grpc.Core;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests;

[Collection(NodeCollection.Name)]
public sealed class PermissionTests(NodeFixture fixture)
{
    [Fact]
    public async Task An_outsider_can_neither_read_nor_write_nor_mark_a_conversation()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        await using var mallory = await fixture.LoginAsync("mallory");
        var conversation = await alice.OpenDirectAsync(bob);
        await alice.SendTextAsync(conversation.Id, "private");

        await AssertStatus(StatusCode.PermissionDenied, () => mallory.HistoryAsync(conversation.Id));
        await AssertStatus(StatusCode.PermissionDenied, () => mallory.SendTextAsync(conversation.Id, "let me in"));
        await AssertStatus(StatusCode.PermissionDenied, async () => await mallory.Chat.GetConversationAsync(new GetConversationRequest { ConversationId = conversation.Id }));
        await AssertStatus(StatusCode.PermissionDenied, async () => await mallory.Chat.MarkReadAsync(new MarkReadRequest { ConversationId = conversation.Id }));
        await AssertStatus(StatusCode.PermissionDenied, async () => await mallory.Chat.GetReadPositionsAsync(new GetReadPositionsRequest { ConversationId = conversation.Id }));

        var list = await mallory.Chat.ListConversationsAsync(new ListConversationsRequest());
        Assert.Empty(list.Conversations);
        var history = await bob.HistoryAsync(conversation.Id);
        Assert.Single(history.Messages);
    }

    [Fact]
    public async Task An_outsider_cannot_edit_or_recall_and_a_member_cannot_change_anothers_message()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);
        var sent = await alice.SendTextAsync(conversation.Id, "mine");

        await AssertStatus(StatusCode.PermissionDenied, async () => await bob.Chat.RecallAsync(new RecallRequest { ConversationId = conversation.Id, TargetSeq = sent.Seq, ClientMessageId = "r1" }));
        await AssertStatus(StatusCode.PermissionDenied, async () => await bob.Chat.EditAsync(new EditRequest { ConversationId = conversation.Id, TargetSeq = sent.Seq, ClientMessageId = "e1", NewBody = new MessageBody { Text = new TextBody { Text = "theirs" } } }));
        var history = await alice.HistoryAsync(conversation.Id);
        Assert.Equal("mine", history.Messages.Single().Body.Text.Text);
    }

    [Fact]
    public async Task Unknown_conversations_are_not_found()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await AssertStatus(StatusCode.NotFound, () => alice.HistoryAsync("g:doesnotexist"));
        await AssertStatus(StatusCode.NotFound, () => alice.SendTextAsync("g:doesnotexist", "hello?"));
        await AssertStatus(StatusCode.NotFound, async () => await alice.Chat.GetConversationAsync(new GetConversationRequest { ConversationId = "g:doesnotexist" }));
        await AssertStatus(StatusCode.NotFound, async () => await alice.Chat.MarkReadAsync(new MarkReadRequest { ConversationId = "g:doesnotexist" }));
    }

    [Fact]
    public async Task A_user_cannot_open_a_direct_conversation_of_two_other_users()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var mallory = await fixture.LoginAsync("mallory");
        var directOfOthers = string.CompareOrdinal("bob", "carol") < 0 ? "d:bob:carol" : "d:carol:bob";
        await AssertStatus(StatusCode.PermissionDenied, () => mallory.SendTextAsync(directOfOthers, "hi"));
        await AssertStatus(StatusCode.InvalidArgument, async () => await alice.Chat.OpenDirectAsync(new OpenDirectRequest { PeerId = alice.Id }));
    }

    internal static async Task AssertStatus(StatusCode expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, error.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Status.Detail));
    }
}
