namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>A viewer a moderator removed, and until when (Unix ms) they may not watch or post.</summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.RoomRemoval")]
public sealed record RoomRemoval(
    [property: Id(0)] string UserId,
    [property: Id(1)] long UntilMs);
