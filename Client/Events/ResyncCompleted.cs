namespace OrleansIm.Client.Events;

/// <summary>
/// After each (re)connect the device pulled everything after its cursor: from here on the app
/// is up to date and sends that waited for the connection have been (re)sent.
/// </summary>
public sealed record ResyncCompleted(long Cursor, int EventsApplied) : ImEvent;
