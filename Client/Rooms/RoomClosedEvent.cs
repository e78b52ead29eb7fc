using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Rooms;

/// <summary>The server ended the watch (removed, too slow, room closed, gateway draining); the last event of a watch.</summary>
public sealed record RoomClosedEvent(string RoomId, RoomClosedCode Code, string Reason) : RoomEvent(RoomId);
