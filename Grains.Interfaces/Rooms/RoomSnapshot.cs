namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>
/// What a gateway needs when it subscribes: the room, the late-joiner ring and the removals.
/// The gateway keeps all three current from later batches and pushes, so its further local
/// viewers join without a grain call.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.RoomSnapshot")]
public sealed record RoomSnapshot(
    [property: Id(0)] RoomInfoRecord Info,
    [property: Id(1)] RoomMessageRecord[] Recent,
    [property: Id(2)] long ViewerCount,
    [property: Id(3)] RoomRemoval[] Removed);
