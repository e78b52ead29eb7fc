using System.Threading.Channels;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Cursors;

/// <summary>
/// Tells the server (CursorAck) and the <see cref="ICursorStore"/> how far the device has
/// applied, at most once per delay: a burst of a thousand events costs one ack and one save.
/// </summary>
internal sealed class CursorAcknowledger(ICursorStore store, TimeSpan delay, TimeProvider time, Func<long> readCursor)
{
    private readonly Channel<bool> _dirty = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private Func<ClientFrame, bool>? _write;
    private long _acked = -1;
    private long _saved = -1;

    public void Notify() => _dirty.Writer.TryWrite(true);

    /// <summary>Acks go to this connection from now on. Its Hello already carried the cursor.</summary>
    public void Attach(Func<ClientFrame, bool> write, long cursorInHello)
    {
        Interlocked.Exchange(ref _acked, cursorInHello);
        Volatile.Write(ref _write, write);
    }

    public void Detach() => Volatile.Write(ref _write, null);

    public void MarkLoaded(long cursor) => Interlocked.Exchange(ref _saved, cursor);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _dirty.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _dirty.Reader.TryRead(out _);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failed save is retried by the next flush; until then a restart resyncs from
                    // the older saved cursor, which costs time but loses nothing.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cursor = readCursor();
            if (cursor != Interlocked.Read(ref _acked) && Volatile.Read(ref _write) is { } write
                && write(new ClientFrame { Ack = new CursorAck { Cursor = cursor } }))
            {
                Interlocked.Exchange(ref _acked, cursor);
            }

            if (cursor != Interlocked.Read(ref _saved))
            {
                await store.SaveAsync(cursor, cancellationToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _saved, cursor);
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }
}
