namespace OrleansIm.Grains.Interfaces.Rooms;

[GenerateSerializer, Immutable, Alias("OrleansIm.RoomInfoRecord")]
public sealed record RoomInfoRecord(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Title,
    [property: Id(2)] string OwnerId,
    [property: Id(3)] string[] ModeratorIds,
    [property: Id(4)] int MaxMessagesPerSecond,
    [property: Id(5)] bool Muted);
