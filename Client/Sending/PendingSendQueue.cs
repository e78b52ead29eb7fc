using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Sending;

/// <summary>
/// Unacknowledged sends in the order they were made. While a connection is attached every new
/// send goes out at once; attaching a new connection first resends everything still pending,
/// with the same client message ids, so the server's dedup turns a retry into the original ack.
/// Writes happen under the lock so a resend can never be overtaken by a newer send.
/// A refusal with UNAVAILABLE means "not stored, retry": the send stays pending and goes out
/// again after a short backoff (a silo died and its grains are moving), until the caller's
/// send timeout gives up on it. A refusal with RESOURCE_EXHAUSTED and a retry-after hint (the
/// gateway's rate limit) is kept the same way and goes out again after the hinted delay; a burst
/// of such refusals is resent one hint apart, at the rate the server's budget refills (timers
/// keep their order only approximately; order across sends was never promised).
/// </summary>
internal sealed class PendingSendQueue(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<PendingSend>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<PendingSend> _order = new();
    private Func<ClientFrame, bool>? _write;

    // When the next rate-limited resend is due (Environment.TickCount64). Each refused send is
    // given its own slot one hint after the previous one, so a burst of refusals goes out again
    // at the rate the budget refills instead of all together (and all refused again).
    private long _nextThrottledResend;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _order.Count;
            }
        }
    }

    /// <summary>
    /// Registers a send and writes it if connected. A send whose client message id is already
    /// pending joins it instead: both callers get the one ack.
    /// </summary>
    public PendingSend Add(SendRequest request)
    {
        lock (_gate)
        {
            if (_byId.TryGetValue(request.ClientMessageId, out var existing))
            {
                return existing.Value;
            }

            if (_order.Count >= capacity)
            {
                throw new ImClientException(
                    StatusCode.ResourceExhausted,
                    $"{capacity} sends are already waiting for the server's ack; await some of them or raise ImClientOptions.MaxPendingSends.");
            }

            var pending = new PendingSend(request);
            _byId[request.ClientMessageId] = _order.AddLast(pending);
            _write?.Invoke(pending.ToFrame());
            return pending;
        }
    }

    /// <summary>Resends everything pending, in order, then sends new requests through <paramref name="write"/> directly.</summary>
    public int Attach(Func<ClientFrame, bool> write)
    {
        lock (_gate)
        {
            foreach (var pending in _order)
            {
                write(pending.ToFrame());
            }

            _write = write;
            return _order.Count;
        }
    }

    public void Detach()
    {
        lock (_gate)
        {
            _write = null;
        }
    }

    /// <summary>Settles the send a SendResult answers; false when none is pending (a late duplicate answer).</summary>
    public bool TryComplete(SendResult result)
    {
        PendingSend? pending;
        lock (_gate)
        {
            if (!_byId.TryGetValue(result.ClientMessageId, out var node))
            {
                return false;
            }

            pending = node.Value;
            if (result.Error is { Code: (int)StatusCode.Unavailable })
            {
                _ = ResendLaterAsync(pending, pending.NextRetryDelay());
                return true;
            }

            if (result.Error is { Code: (int)StatusCode.ResourceExhausted } throttled && ImClientException.RetryAfterOf(throttled) is { } retryAfter)
            {
                _ = ResendLaterAsync(pending, NextThrottledSlot(retryAfter));
                return true;
            }

            _byId.Remove(result.ClientMessageId);
            _order.Remove(node);
        }

        if (result.Ack is { } ack)
        {
            pending.TryComplete(ack);
        }
        else
        {
            pending.TryFail(result.Error is { } error
                ? ImClientException.FromError(error)
                : new ImClientException(StatusCode.Internal, "The server answered the send with neither an ack nor an error."));
        }

        return true;
    }

    /// <summary>Called under the lock.</summary>
    private TimeSpan NextThrottledSlot(TimeSpan retryAfter)
    {
        var now = Environment.TickCount64;
        var slot = Math.Max(now, _nextThrottledResend) + (long)Math.Ceiling(retryAfter.TotalMilliseconds);
        _nextThrottledResend = slot;
        return TimeSpan.FromMilliseconds(slot - now);
    }

    private async Task ResendLaterAsync(PendingSend pending, TimeSpan delay)
    {
        await Task.Delay(delay).ConfigureAwait(false);
        lock (_gate)
        {
            // Not connected now: the next Attach resends it anyway.
            if (_byId.TryGetValue(pending.ClientMessageId, out var node) && ReferenceEquals(node.Value, pending))
            {
                _write?.Invoke(pending.ToFrame());
            }
        }
    }

    /// <summary>Stops resending (the caller gave up); the server may still have stored it.</summary>
    public void Remove(PendingSend pending)
    {
        lock (_gate)
        {
            if (_byId.TryGetValue(pending.ClientMessageId, out var node) && ReferenceEquals(node.Value, pending))
            {
                _byId.Remove(pending.ClientMessageId);
                _order.Remove(node);
            }
        }
    }

    public void FailAll(Exception exception)
    {
        List<PendingSend> failed;
        lock (_gate)
        {
            failed = [.. _order];
            _order.Clear();
            _byId.Clear();
            _write = null;
        }

        foreach (var pending in failed)
        {
            pending.TryFail(exception);
        }
    }
}
