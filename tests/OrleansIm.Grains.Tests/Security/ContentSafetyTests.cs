using OrleansIm.Grains.ContentSafety;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Security;

/// <summary>The chain of <see cref="SecurityClusterFixture"/>: reject "forbidden"/"no way", then mask "darn", then record.</summary>
[Collection(SecurityClusterCollection.Name)]
public sealed class ContentSafetyTests(SecurityClusterFixture fixture)
{
    private readonly string _owner = Ids.User("owner");

    private async Task<IConversationGrain> GroupAsync()
    {
        var group = fixture.Conversation(ConversationId.NewGroup());
        TestCaller.As(_owner);
        await group.CreateGroup(_owner, "content", []);
        return group;
    }

    private async Task<string[]> TextsAsync(IConversationGrain group) =>
        [.. (await group.GetHistory(_owner, 0, HistoryDirection.Forward, 50)).Messages.Select(m => m.Body).OfType<TextBody>().Select(b => b.Text)];

    [Fact]
    public async Task A_listed_word_rejects_the_message_without_echoing_it_and_nothing_is_stored()
    {
        var group = await GroupAsync();
        var text = "a secret plan that is FORBIDDEN, says the long message";
        var refusal = await ImAssert.Refused(ImErrorCode.InvalidArgument, () => group.Send(new SendCommand(_owner, Ids.Client(), new TextBody(text))));
        Assert.Contains("blocked word", refusal.Message);
        Assert.DoesNotContain("secret plan", refusal.Message);
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => group.Send(new SendCommand(_owner, Ids.Client(), new TextBody("No way!"))));
        Assert.Equal(1, (await group.GetInfo(_owner)).LastSeq);

        // Whole words only: the word inside a longer word is no match.
        await group.Send(new SendCommand(_owner, Ids.Client(), new TextBody("forbiddenness and unforbidden_x")));
        Assert.Equal(["forbiddenness and unforbidden_x"], await TextsAsync(group));
    }

    [Fact]
    public async Task A_masked_word_is_stored_as_stars_and_later_filters_see_the_masked_text()
    {
        var group = await GroupAsync();
        await group.Send(new SendCommand(_owner, Ids.Client(), new TextBody("Darn it, darn.")));
        Assert.Equal(["**** it, ****."], await TextsAsync(group));
        Assert.Contains(fixture.Recorder.Seen, s => s == ("**** it, ****.", ContentOrigin.Message));
        Assert.DoesNotContain(fixture.Recorder.Seen, s => s.Text.Contains("Darn it"));
    }

    [Fact]
    public async Task An_edit_passes_the_same_filters()
    {
        var group = await GroupAsync();
        var sent = await group.Send(new SendCommand(_owner, Ids.Client(), new TextBody("clean")));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => group.Edit(_owner, sent.Seq, Ids.Client(), new TextBody("now forbidden")));
        await group.Edit(_owner, sent.Seq, Ids.Client(), new TextBody("darn typo"));
        var history = (await group.GetHistory(_owner, 0, HistoryDirection.Forward, 50)).Messages;
        Assert.Equal("**** typo", Assert.IsType<TextBody>(history.Single(m => m.Seq == sent.Seq).Body).Text);
        Assert.Equal("**** typo", Assert.IsType<TextBody>(Assert.IsType<EditBody>(history[^1].Body).NewBody).Text);
    }

    [Fact]
    public async Task A_room_post_passes_the_same_filters()
    {
        var room = fixture.Client.GetGrain<ILiveRoomGrain>(RoomId.New());
        TestCaller.As(_owner);
        await room.Create(new CreateRoomCommand(_owner, "room", [], 0));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => room.Post(_owner, RoomMessageClass.Chat, "forbidden words"));
        Assert.True((await room.Post(_owner, RoomMessageClass.Chat, "darn good show")).Accepted);
        Assert.Contains(fixture.Recorder.Seen, s => s == ("**** good show", ContentOrigin.RoomPost));
    }
}
