using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Events;

/// <summary>
/// A message delivered exactly once and in conversation seq order. It may be the user's own
/// (<see cref="IsOwn"/>: sent from this or another device) or a system, edit or recall notice;
/// the app decides how to show each body kind.
/// </summary>
public sealed record MessageReceived(Message Message, bool IsOwn) : ImEvent;
