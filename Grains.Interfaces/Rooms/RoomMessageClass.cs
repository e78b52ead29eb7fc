namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>
/// Priority classes of a live room, numbered as in rooms.proto. Lower tiers are shed first
/// (see <see cref="RoomMessageClasses"/>); the numbers are part of the wire contract.
/// </summary>
[GenerateSerializer, Alias("OrleansIm.RoomMessageClass")]
public enum RoomMessageClass
{
    System = 1,
    Gift = 2,
    Chat = 3,
    Like = 4,
}
