namespace OrleansIm.Client.Rooms;

/// <summary>
/// The watch broke off for a reason that resuming can fix (the gateway drained, the connection
/// failed, the viewer fell too far behind); the SDK watches again after <see cref="RetryIn"/>, on
/// the next gateway. Messages the room's ring still holds come with the next <see cref="RoomJoinedEvent"/>;
/// older ones posted meanwhile are not replayed (rooms keep no history).
/// </summary>
public sealed record RoomInterruptedEvent(string RoomId, string Reason, TimeSpan RetryIn) : RoomEvent(RoomId);
