using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Rooms;

/// <summary>The watch started: the room, its last messages (late-joiner ring, oldest first) and the viewer count.</summary>
public sealed record RoomJoinedEvent(string RoomId, RoomInfo Room, IReadOnlyList<RoomMessage> Recent, long ViewerCount) : RoomEvent(RoomId);
