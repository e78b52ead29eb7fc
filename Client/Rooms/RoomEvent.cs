namespace OrleansIm.Client.Rooms;

/// <summary>Something a room watch yields: <see cref="RoomJoinedEvent"/> first, then <see cref="RoomMessagesEvent"/>s, and <see cref="RoomClosedEvent"/> if the server ends it.</summary>
public abstract record RoomEvent(string RoomId);
