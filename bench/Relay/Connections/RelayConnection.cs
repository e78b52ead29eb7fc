using OrleansIm.Protocol.V1;
using OrleansIm.Streaming;

namespace OrleansIm.Bench.Relay.Connections;

/// <summary>
/// One device's live stream, with the gateway's own outbound queue (<see cref="OutboundStream"/>),
/// so the reference measures the same queueing pattern. What the relay adds: it keeps no history,
/// so it remembers which sync seqs this device can never receive.
/// </summary>
internal sealed class RelayConnection(string deviceId, int capacity, CancellationTokenSource closing)
    : OutboundStream(capacity, closing)
{
    private long _highestDroppedSyncSeq;

    public string DeviceId { get; } = deviceId;

    /// <summary>The user's sync seq when this stream joined; set by the user under its lock.</summary>
    public long SyncSeqAtAttach { get; set; }

    /// <summary>
    /// Events up to this sync seq can never reach this device from the relay, which keeps no
    /// history: those from before it connected and those its full queue dropped.
    /// </summary>
    public long UnrecoverableThrough => Math.Max(SyncSeqAtAttach, Volatile.Read(ref _highestDroppedSyncSeq));

    /// <summary>A durable event; the caller holds the user's lock, so events enter the queue in sync seq order.</summary>
    public void PushEvent(ServerFrame frame, long syncSeq)
    {
        if (!TryPush(frame))
        {
            Volatile.Write(ref _highestDroppedSyncSeq, syncSeq);
        }
    }
}
