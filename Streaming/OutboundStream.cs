using System.Threading.Channels;
using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Streaming;

/// <summary>
/// The server side of one device's Connect stream. Everything bound for the client goes through
/// one bounded queue drained by one writer, as a gRPC response stream allows only one writer.
/// Pushes never wait: when the queue is full they are dropped and, once the writer has caught
/// up, the client is told to resync (nothing is dropped silently). Replies to the client's own
/// requests wait for room instead, which slows only that client.
/// </summary>
public abstract class OutboundStream
{
    private readonly Channel<ServerFrame> _outbound;
    private readonly CancellationTokenSource _closing;
    private int _overflowed;
    private int _closedByServer;

    /// <param name="closing">
    /// Cancelled when the stream must stop reading: the call ended, the server closed it, or the
    /// idle timer ran out. One source for all three keeps an idle stream's footprint small.
    /// </param>
    protected OutboundStream(int capacity, CancellationTokenSource closing)
    {
        _closing = closing;
        _outbound = Channel.CreateBounded<ServerFrame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Cancelled when the stream must stop reading (see the constructor).</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>True when the server, not the idle timer, closed the stream (replaced, draining, writer gone).</summary>
    public bool ClosedByServer => Volatile.Read(ref _closedByServer) == 1;

    /// <summary>Restarts the idle timer; called on every frame from the client.</summary>
    public void ResetIdleTimer(TimeSpan idleTimeout) => _closing.CancelAfter(idleTimeout);

    /// <summary>Queues a push without waiting; false when it was dropped (the client will be told to resync).</summary>
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

    /// <summary>Asks the client to reconnect (elsewhere), then ends the stream once the frame is out.</summary>
    public void GoAway(string reason, TimeSpan reconnectAfter)
    {
        Volatile.Write(ref _closedByServer, 1);
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
            Volatile.Write(ref _closedByServer, 1);
            _closing.Cancel();
        }
    }
}
