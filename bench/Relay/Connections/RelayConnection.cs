using System.Threading.Channels;
using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Relay.Connections;

/// <summary>
/// One device's live stream, built like the gateway's: everything bound for the client goes
/// through one bounded queue drained by one writer (a gRPC response stream allows only one).
/// Pushes never wait: when the queue is full they are dropped and, once the writer has caught
/// up, the client is told to resync. Replies to the client's own requests wait for room.
/// </summary>
/// <param name="closing">
/// Cancelled when the stream must stop reading: the call ended, the relay closed it, or the idle
/// timer ran out. One source for all three, as in the gateway, so idle streams weigh the same.
/// </param>
internal sealed class RelayConnection(string deviceId, int capacity, CancellationTokenSource closing)
{
    private readonly Channel<ServerFrame> _outbound = Channel.CreateBounded<ServerFrame>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private int _overflowed;
    private int _closedByRelay;
    private long _highestDroppedSyncSeq;

    public string DeviceId { get; } = deviceId;

    /// <summary>The user's sync seq when this stream joined; set by the user under its lock.</summary>
    public long SyncSeqAtAttach { get; set; }

    /// <summary>
    /// Events up to this sync seq can never reach this device from the relay, which keeps no
    /// history: those from before it connected and those its full queue dropped.
    /// </summary>
    public long UnrecoverableThrough => Math.Max(SyncSeqAtAttach, Volatile.Read(ref _highestDroppedSyncSeq));

    /// <summary>Cancelled when the stream must stop reading (see the constructor).</summary>
    public CancellationToken Closing => closing.Token;

    /// <summary>True when the relay, not the idle timer, closed the stream (replaced, writer gone).</summary>
    public bool ClosedByRelay => Volatile.Read(ref _closedByRelay) == 1;

    /// <summary>Restarts the idle timer; called on every frame from the client.</summary>
    public void ResetIdleTimer(TimeSpan idleTimeout) => closing.CancelAfter(idleTimeout);

    /// <summary>A durable event; the caller holds the user's lock, so events enter the queue in sync seq order.</summary>
    public void PushEvent(ServerFrame frame, long syncSeq)
    {
        if (!TryPush(frame))
        {
            Volatile.Write(ref _highestDroppedSyncSeq, syncSeq);
        }
    }

    /// <summary>An ephemeral signal (typing); lost like any push when the queue is full.</summary>
    public bool TryPush(ServerFrame frame)
    {
        if (Volatile.Read(ref _overflowed) == 1 || !_outbound.Writer.TryWrite(frame))
        {
            Interlocked.Exchange(ref _overflowed, 1);
            return false;
        }
        return true;
    }

    public ValueTask ReplyAsync(ServerFrame frame, CancellationToken cancellationToken) =>
        _outbound.Writer.WriteAsync(frame, cancellationToken);

    /// <summary>Tells the client to reconnect, then ends the stream once the frame is out.</summary>
    public void GoAway(string reason, TimeSpan reconnectAfter)
    {
        Volatile.Write(ref _closedByRelay, 1);
        _outbound.Writer.TryWrite(new ServerFrame { GoAway = new GoAway { Reason = reason, ReconnectAfterMs = (int)reconnectAfter.TotalMilliseconds } });
        _outbound.Writer.TryComplete();
    }

    public void Complete() => _outbound.Writer.TryComplete();

    public async Task RunWriterAsync(IServerStreamWriter<ServerFrame> stream, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in _outbound.Reader.ReadAllAsync(cancellationToken))
            {
                await stream.WriteAsync(frame, cancellationToken);
                if (_outbound.Reader.Count == 0 && Interlocked.Exchange(ref _overflowed, 0) == 1)
                {
                    await stream.WriteAsync(new ServerFrame { ResyncRequired = new ResyncRequired { Reason = "outbound queue overflowed; some events were not pushed" } }, cancellationToken);
                }
            }
        }
        finally
        {
            // The stream is done (completed, failed, or the client went away): stop reading too.
            Volatile.Write(ref _closedByRelay, 1);
            closing.Cancel();
        }
    }
}
