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
/// The queue is bounded twice: in frames, and in the bytes those frames take once serialized
/// (a frame counts until it is written). The byte bound is what caps memory: a stream that reads
/// nothing could otherwise hold its whole frame capacity of maximum-size messages. One frame is
/// always let into an empty queue, however large.
/// A reader too slow to recover (the queue stays full for the slow-consumer window, or
/// overflows again within it after the resync) is cut, so it never holds more than one queue
/// of memory nor the pushers' time.
/// </summary>
public abstract class OutboundStream
{
    /// <summary>The byte bound when none is given: 64 of the largest messages (64 KiB bodies).</summary>
    public const long DefaultMaxQueuedBytes = 4 * 1024 * 1024;

    private readonly Channel<QueuedFrame> _outbound;
    private readonly CancellationTokenSource _closing;
    private readonly TimeSpan _slowConsumerWindow;
    private readonly long _maxQueuedBytes;
    private long _queuedBytes;
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
        : this(capacity, DefaultMaxQueuedBytes, closing, Timeout.InfiniteTimeSpan)
    {
    }

    /// <param name="maxQueuedBytes">The byte bound (see the class summary).</param>
    /// <param name="slowConsumerWindow">See the class summary; <see cref="Timeout.InfiniteTimeSpan"/> never cuts.</param>
    protected OutboundStream(int capacity, long maxQueuedBytes, CancellationTokenSource closing, TimeSpan slowConsumerWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueuedBytes, 1);
        _closing = closing;
        _slowConsumerWindow = slowConsumerWindow;
        _maxQueuedBytes = maxQueuedBytes;
        _outbound = Channel.CreateBounded<QueuedFrame>(new BoundedChannelOptions(capacity)
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

    /// <summary>Serialized bytes of the frames queued or being written.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Restarts the idle timer; called on every frame from the client.</summary>
    public void ResetIdleTimer(TimeSpan idleTimeout) => _closing.CancelAfter(idleTimeout);

    /// <summary>Queues a push without waiting; false when it was dropped (the client will be told to resync, or is being cut).</summary>
    public bool TryPush(ServerFrame frame) => TryPush(frame, frame.CalculateSize());

    /// <summary>
    /// <see cref="TryPush(ServerFrame)"/> for a frame whose serialized size the caller already
    /// has: a frame pushed to many streams (a user's devices, a group's members) is measured once.
    /// </summary>
    public bool TryPush(ServerFrame frame, int bytes)
    {
        if (Volatile.Read(ref _overflowed) == 1 || ClosedByServer)
        {
            return false;
        }
        var queued = Interlocked.Read(ref _queuedBytes);
        if (queued == 0 || queued + bytes <= _maxQueuedBytes)
        {
            Interlocked.Add(ref _queuedBytes, bytes);
            if (_outbound.Writer.TryWrite(new QueuedFrame(frame, bytes)))
            {
                return true;
            }
            Interlocked.Add(ref _queuedBytes, -bytes);
        }
        if (Interlocked.Exchange(ref _overflowed, 1) == 0)
        {
            OnOverflow();
        }
        return false;
    }

    /// <summary>
    /// Queues an answer to the client's own request, waiting for a free slot. It counts against
    /// the byte bound (so pushes behind it may overflow) but never waits for bytes: the client
    /// has at most a bounded number of requests in flight.
    /// </summary>
    public async ValueTask ReplyAsync(ServerFrame frame, CancellationToken cancellationToken)
    {
        var bytes = frame.CalculateSize();
        Interlocked.Add(ref _queuedBytes, bytes);
        try
        {
            await _outbound.Writer.WriteAsync(new QueuedFrame(frame, bytes), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Add(ref _queuedBytes, -bytes);
            throw;
        }
    }

    /// <summary>Asks the client to reconnect (elsewhere), then ends the stream once the frame is out.</summary>
    public void GoAway(string reason, TimeSpan reconnectAfter)
    {
        Volatile.Write(ref _closedByServer, 1);
        _outbound.Writer.TryWrite(new QueuedFrame(new ServerFrame { GoAway = new GoAway { Reason = reason, ReconnectAfterMs = (int)reconnectAfter.TotalMilliseconds } }, 0));
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
            await foreach (var queued in _outbound.Reader.ReadAllAsync(stop.Token))
            {
                await stream.WriteAsync(queued.Frame, stop.Token);
                Interlocked.Add(ref _queuedBytes, -queued.Bytes);
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
