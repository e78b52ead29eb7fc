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
/// A reader too slow to recover (the queue stays full for the slow-consumer window, or
/// overflows again within it after the resync) is cut, so it never holds more than one queue
/// of memory nor the pushers' time.
/// </summary>
public abstract class OutboundStream
{
    private readonly Channel<ServerFrame> _outbound;
    private readonly CancellationTokenSource _closing;
    private readonly TimeSpan _slowConsumerWindow;
    private int _overflowed;
    private int _closedByServer;
    private long _overflowEpisode;
    private long _lastResyncTicks; // 0 until the first resync request
    private string? _cutReason;

    /// <param name="closing">
    /// Cancelled when the stream must stop reading and writing: the call ended, the server
    /// closed or cut it, or the idle timer ran out. One source for all keeps an idle stream's
    /// footprint small.
    /// </param>
    protected OutboundStream(int capacity, CancellationTokenSource closing)
        : this(capacity, closing, Timeout.InfiniteTimeSpan)
    {
    }

    /// <param name="slowConsumerWindow">See the class summary; <see cref="Timeout.InfiniteTimeSpan"/> never cuts.</param>
    protected OutboundStream(int capacity, CancellationTokenSource closing, TimeSpan slowConsumerWindow)
    {
        _closing = closing;
        _slowConsumerWindow = slowConsumerWindow;
        _outbound = Channel.CreateBounded<ServerFrame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Cancelled when the stream must stop reading (see the constructor).</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>True when the server, not the idle timer, closed the stream (replaced, draining, cut, writer gone).</summary>
    public bool ClosedByServer => Volatile.Read(ref _closedByServer) == 1;

    /// <summary>Why the stream was cut as a slow consumer; null if it was not.</summary>
    public string? CutReason => Volatile.Read(ref _cutReason);

    /// <summary>Frames waiting for the writer.</summary>
    public int QueuedFrames => _outbound.Reader.Count;

    /// <summary>Restarts the idle timer; called on every frame from the client.</summary>
    public void ResetIdleTimer(TimeSpan idleTimeout) => _closing.CancelAfter(idleTimeout);

    /// <summary>Queues a push without waiting; false when it was dropped (the client will be told to resync, or is being cut).</summary>
    public bool TryPush(ServerFrame frame)
    {
        if (Volatile.Read(ref _overflowed) == 1 || ClosedByServer)
        {
            return false;
        }
        if (_outbound.Writer.TryWrite(frame))
        {
            return true;
        }
        if (Interlocked.Exchange(ref _overflowed, 1) == 0)
        {
            OnOverflow();
        }
        return false;
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
        // The closing token too: a cut, or a client gone silent, must not leave the writer
        // blocked on a transport that accepts nothing more.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        try
        {
            await foreach (var frame in _outbound.Reader.ReadAllAsync(stop.Token))
            {
                await stream.WriteAsync(frame, stop.Token);
                if (_outbound.Reader.Count == 0 && Volatile.Read(ref _overflowed) == 1)
                {
                    await stream.WriteAsync(new ServerFrame { ResyncRequired = new ResyncRequired { Reason = "outbound queue overflowed; some events were not pushed" } }, stop.Token);
                    Volatile.Write(ref _lastResyncTicks, Environment.TickCount64);
                    Volatile.Write(ref _overflowed, 0);
                    OnResyncRequested();
                }
            }
        }
        finally
        {
            // The writer is done (completed, failed, or the client went away): stop reading too.
            // Not when the writer stopped because reading had already been stopped (a cut, or the
            // client missed its heartbeats): marking that "closed by the server" would race the
            // read loop and turn its DEADLINE_EXCEEDED into a normal end.
            if (!_closing.IsCancellationRequested)
            {
                Volatile.Write(ref _closedByServer, 1);
                CancelClosing();
            }
        }
    }

    /// <summary>Called on the writer after the client was told to resync (the gateway counts these).</summary>
    protected virtual void OnResyncRequested()
    {
    }

    private void OnOverflow()
    {
        if (_slowConsumerWindow == Timeout.InfiniteTimeSpan)
        {
            return;
        }
        var lastResync = Volatile.Read(ref _lastResyncTicks);
        var sinceResync = TimeSpan.FromMilliseconds(Environment.TickCount64 - lastResync);
        if (lastResync != 0 && sinceResync < _slowConsumerWindow)
        {
            Cut($"The client reads its stream too slowly: the outbound queue overflowed again {sinceResync.TotalMilliseconds:0} ms after the resync request (window {_slowConsumerWindow.TotalSeconds:0.#} s). Reconnect and sync from the cursor.");
            return;
        }
        var episode = Interlocked.Increment(ref _overflowEpisode);
        _ = CutIfStillFullAsync(episode);
    }

    private async Task CutIfStillFullAsync(long episode)
    {
        try
        {
            await Task.Delay(_slowConsumerWindow, _closing.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }
        if (Volatile.Read(ref _overflowed) == 1 && Interlocked.Read(ref _overflowEpisode) == episode)
        {
            Cut($"The client reads its stream too slowly: the outbound queue stayed full for {_slowConsumerWindow.TotalSeconds:0.#} s. Reconnect and sync from the cursor.");
        }
    }

    private void Cut(string reason)
    {
        if (Interlocked.CompareExchange(ref _cutReason, reason, null) is not null)
        {
            return;
        }
        Volatile.Write(ref _closedByServer, 1);
        _outbound.Writer.TryComplete();
        CancelClosing();
    }

    private void CancelClosing()
    {
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The session already ended and released its token source.
        }
    }
}
