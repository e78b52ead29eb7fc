using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Events;

/// <summary>The user was @mentioned in a large group; the message itself arrives as a MessageReceived.</summary>
public sealed record MentionReceived(MentionMarker Mention) : ImEvent;
