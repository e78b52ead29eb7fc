namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>
/// Everything a room accepted in one window, sent once to each subscribed gateway.
/// <see cref="Window"/> counts the room activation's flushed windows, so a gateway (and a test)
/// can tell that no window was sent twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.RoomBatchRecord")]
public sealed record RoomBatchRecord(
    [property: Id(0)] long Window,
    [property: Id(1)] RoomMessageRecord[] Messages,
    [property: Id(2)] long ViewerCount);
