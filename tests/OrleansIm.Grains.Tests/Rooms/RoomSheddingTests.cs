using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests.Rooms;

[Collection(RoomClusterCollection.Name)]
public sealed class RoomSheddingTests(RoomClusterFixture fixture)
{
    [Fact]
    public async Task Under_overload_likes_are_shed_first_then_chat_and_gifts_never()
    {
        // 5 messages/s with a 2 s burst: the bucket holds 10, far below the 300 posted at once.
        var room = await fixture.NewRoomAsync(Ids.User("owner"), messagesPerSecond: 5);
        var talker = Ids.User("talker");
        var attempts = new List<(RoomMessageClass Class, PostOutcome Outcome)>();
        for (var i = 0; i < 100; i++)
        {
            foreach (var messageClass in new[] { RoomMessageClass.Like, RoomMessageClass.Chat, RoomMessageClass.Gift })
            {
                attempts.Add((messageClass, await room.Post(talker, messageClass, "x")));
            }
        }

        int FirstShed(RoomMessageClass c) => attempts.FindIndex(a => a.Class == c && !a.Outcome.Accepted);
        int Accepted(RoomMessageClass c) => attempts.Count(a => a.Class == c && a.Outcome.Accepted);
        Assert.True(FirstShed(RoomMessageClass.Like) >= 0, "no like was shed");
        Assert.True(FirstShed(RoomMessageClass.Chat) > FirstShed(RoomMessageClass.Like), "chat was shed before likes");
        Assert.Equal(-1, FirstShed(RoomMessageClass.Gift));
        Assert.Equal(100, Accepted(RoomMessageClass.Gift));
        Assert.True(Accepted(RoomMessageClass.Like) < Accepted(RoomMessageClass.Chat), "likes must lose more than chat");
        Assert.All(attempts.Where(a => !a.Outcome.Accepted), a => Assert.True(a.Outcome.RetryAfterMs > 0));

        var stats = await room.GetStats();
        Assert.Equal(attempts.Count(a => a.Class == RoomMessageClass.Like && !a.Outcome.Accepted), stats.ShedLike);
        Assert.Equal(attempts.Count(a => a.Class == RoomMessageClass.Chat && !a.Outcome.Accepted), stats.ShedChat);
    }

    [Fact]
    public async Task A_room_may_be_slower_than_the_default_but_not_faster()
    {
        var owner = Ids.User("owner");
        var room = fixture.Room(RoomId.New());
        await ImAssert.Refused(Interfaces.Errors.ImErrorCode.InvalidArgument,
            () => room.Create(new CreateRoomCommand(owner, "too fast", [], 10_000_000)));
        var info = await room.Create(new CreateRoomCommand(owner, "slow", [], 3));
        Assert.Equal(3, info.MaxMessagesPerSecond);
        await ImAssert.Refused(Interfaces.Errors.ImErrorCode.FailedPrecondition,
            () => room.Create(new CreateRoomCommand(owner, "again", [], 0)));
    }
}
