using OrleansIm.Grains.Interfaces.Errors;

namespace OrleansIm.Gateway.Connections;

/// <summary>
/// Passes one stream's cursor acks on to the user grain, at most one grain call per interval.
/// The first ack after a quiet interval goes at once; later ones within the interval are merged
/// (the highest cursor wins) and go when it ends; what is still merged goes when the stream
/// ends. SDKs ack every few hundred milliseconds while events flow, which under load made a
/// grain call per message or so. The grain keeps cursors in memory and saves them only with its
/// snapshots, so a cursor that reaches it up to one interval later loses nothing it would keep.
/// A cursor the grain refuses is answered in-band with the request id of the ack that carried it.
/// </summary>
internal sealed class CursorAckForwarder(Func<long, Task> forward, Func<string, Exception, Task> refuse, TimeSpan interval, TimeProvider time)
{
    private readonly object _gate = new();
    private bool _forwardedBefore;
    private long _lastForwardAt;
    private bool _hasMerged;
    private long _merged;
    private string _mergedRequestId = "";
    private bool _flushScheduled;
    private bool _closed;

    /// <summary>Forwards the ack now, or merges it into the next forward when one went less than an interval ago.</summary>
    public Task AckAsync(long cursor, string requestId)
    {
        if (cursor < 0)
        {
            return refuse(requestId, ImException.InvalidArgument($"cursor must not be negative; got {cursor}."));
        }
        lock (_gate)
        {
            var now = time.GetTimestamp();
            var wait = _forwardedBefore ? interval - time.GetElapsedTime(_lastForwardAt, now) : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                Merge(cursor, requestId);
                if (!_flushScheduled)
                {
                    _flushScheduled = true;
                    _ = FlushAfterAsync(wait);
                }
                return Task.CompletedTask;
            }
            if (_hasMerged && _merged > cursor)
            {
                (cursor, requestId) = (_merged, _mergedRequestId);
            }
            _hasMerged = false;
            _forwardedBefore = true;
            _lastForwardAt = now;
        }
        return ForwardAsync(cursor, requestId);
    }

    /// <summary>The stream ended: what is merged goes now, and nothing goes after it.</summary>
    public Task CloseAsync()
    {
        long cursor;
        string requestId;
        lock (_gate)
        {
            _closed = true;
            if (!_hasMerged)
            {
                return Task.CompletedTask;
            }
            (cursor, requestId, _hasMerged) = (_merged, _mergedRequestId, false);
        }
        return ForwardAsync(cursor, requestId);
    }

    private void Merge(long cursor, string requestId)
    {
        if (!_hasMerged || cursor >= _merged)
        {
            (_merged, _mergedRequestId, _hasMerged) = (cursor, requestId, true);
        }
    }

    private async Task FlushAfterAsync(TimeSpan wait)
    {
        await Task.Delay(wait, time).ConfigureAwait(false);
        long cursor;
        string requestId;
        lock (_gate)
        {
            _flushScheduled = false;
            if (!_hasMerged || _closed)
            {
                return;
            }
            (cursor, requestId, _hasMerged) = (_merged, _mergedRequestId, false);
            _lastForwardAt = time.GetTimestamp();
        }
        await ForwardAsync(cursor, requestId).ConfigureAwait(false);
    }

    private async Task ForwardAsync(long cursor, string requestId)
    {
        try
        {
            await forward(cursor).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await refuse(requestId, ex).ConfigureAwait(false);
        }
    }
}
