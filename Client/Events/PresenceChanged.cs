using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Events;

/// <summary>Ephemeral like <see cref="TypingChanged"/>; query GetPresenceAsync for the current state.</summary>
public sealed record PresenceChanged(PresenceEvent Presence) : ImEvent;
