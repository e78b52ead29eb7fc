namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>One accepted room message; <see cref="Seq"/> increases per room (see docs/rooms.md for why it is time-based).</summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.RoomMessageRecord")]
public sealed record RoomMessageRecord(
    [property: Id(0)] long Seq,
    [property: Id(1)] string SenderId,
    [property: Id(2)] RoomMessageClass Class,
    [property: Id(3)] string Text,
    [property: Id(4)] long SentAtMs,
    [property: Id(5)] RoomMessageKind Kind = RoomMessageKind.Post);
