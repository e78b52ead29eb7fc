using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Rooms;

/// <summary>
/// One frame of messages in seq order (possibly none, when only the viewer count changed).
/// <see cref="ShedChat"/> and <see cref="ShedLikes"/> count what the gateway dropped for this
/// viewer since the previous frame because it read too slowly.
/// </summary>
public sealed record RoomMessagesEvent(string RoomId, IReadOnlyList<RoomMessage> Messages, long ViewerCount, long ShedChat, long ShedLikes) : RoomEvent(RoomId);
