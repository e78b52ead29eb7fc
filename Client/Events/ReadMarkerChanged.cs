using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Events;

/// <summary>The user read a conversation on some device (possibly this one); carries the new unread count.</summary>
public sealed record ReadMarkerChanged(ReadMarker Marker) : ImEvent;
