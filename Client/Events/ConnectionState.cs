namespace OrleansIm.Client.Events;

public enum ConnectionState
{
    Connecting,
    /// <summary>The stream is open and Welcome arrived; the resync from the cursor follows (see <see cref="ResyncCompleted"/>).</summary>
    Connected,
    Disconnected,
}
