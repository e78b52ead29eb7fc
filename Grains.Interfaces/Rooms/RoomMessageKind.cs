namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>What a room message is, numbered as in rooms.proto: a post, or a viewer arriving or leaving.</summary>
[GenerateSerializer, Alias("OrleansIm.RoomMessageKind")]
public enum RoomMessageKind
{
    Post = 0,
    Joined = 1,
    Left = 2,
}
