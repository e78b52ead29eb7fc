namespace OrleansIm.Grains.Interfaces.Rooms;

/// <param name="MaxMessagesPerSecond">0 for the configured default; a room may be slower, never faster.</param>
[GenerateSerializer, Immutable, Alias("OrleansIm.CreateRoomCommand")]
public sealed record CreateRoomCommand(
    [property: Id(0)] string OwnerId,
    [property: Id(1)] string Title,
    [property: Id(2)] string[] ModeratorIds,
    [property: Id(3)] int MaxMessagesPerSecond);
