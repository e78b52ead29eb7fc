using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Events;

/// <summary>
/// Ephemeral: never stored, not replayed after a reconnect, and dropped when the app falls
/// behind reading events. A typing=true without a later false should be expired by the app.
/// </summary>
public sealed record TypingChanged(TypingEvent Typing) : ImEvent;
