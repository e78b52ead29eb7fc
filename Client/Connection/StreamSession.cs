using System.Threading.Channels;
using Grpc.Core;
using OrleansIm.Client.Ordering;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Connection;

/// <summary>
/// One ChatService.Connect call, from Hello/Welcome until it ends. Four loops run while it
/// lives: the only writer of the request stream (gRPC allows one), the reader, the ordered
/// processor (kept off the reader so a slow app or a history fill never delays liveness), and
/// the heartbeat. The first loop to end ends the session and tells why.
/// </summary>
internal sealed class StreamSession : IAsyncDisposable
{
    internal static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(90);

    private readonly AsyncDuplexStreamingCall<ClientFrame, ServerFrame> _call;
    private readonly CancellationTokenSource _lifetime;
    private readonly TimeProvider _time;
    private readonly Channel<ClientFrame> _outbound = Channel.CreateUnbounded<ClientFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<ServerFrame> _ordered = Channel.CreateUnbounded<ServerFrame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private long _lastFrameTimestamp;

    private StreamSession(Uri endpoint, Welcome welcome, AsyncDuplexStreamingCall<ClientFrame, ServerFrame> call, CancellationTokenSource lifetime, TimeProvider time)
    {
        Endpoint = endpoint;
        Welcome = welcome;
        _call = call;
        _lifetime = lifetime;
        _time = time;
        _lastFrameTimestamp = time.GetTimestamp();
    }

    public Uri Endpoint { get; }

    public Welcome Welcome { get; }

    /// <summary>Sends the Hello and waits for the Welcome; a refused connect throws the server's RpcException.</summary>
    public static async Task<StreamSession> OpenAsync(
        ChatService.ChatServiceClient client,
        Uri endpoint,
        Metadata headers,
        Hello hello,
        TimeSpan welcomeTimeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var call = client.Connect(headers, cancellationToken: lifetime.Token);
        using var timeout = new CancellationTokenSource(welcomeTimeout, time);
        using var opening = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token, timeout.Token);
        try
        {
            try
            {
                await call.RequestStream.WriteAsync(new ClientFrame { Hello = hello }, opening.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not RpcException)
            {
                // Writing to a call the server already refused fails without the status; reading reveals it.
            }

            if (!await call.ResponseStream.MoveNext(opening.Token).ConfigureAwait(false))
            {
                throw new ImClientException(StatusCode.Unavailable, "The server closed the stream before sending Welcome.");
            }

            var first = call.ResponseStream.Current;
            if (first.KindCase != ServerFrame.KindOneofCase.Welcome)
            {
                throw new ImClientException(StatusCode.Internal, $"The server's first frame was {first.KindCase}, not Welcome.");
            }

            return new StreamSession(endpoint, first.Welcome, call, lifetime, time);
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Abandon(call, lifetime);
            throw new ImClientException(StatusCode.DeadlineExceeded, $"No Welcome from {endpoint} within {welcomeTimeout}.", e);
        }
        catch
        {
            Abandon(call, lifetime);
            throw;
        }
    }

    /// <summary>Queues a frame for the writer loop; false once the session has ended.</summary>
    public bool TryWrite(ClientFrame frame) => _outbound.Writer.TryWrite(frame);

    /// <summary>Runs until the stream fails, the server closes it or sends GoAway, the heartbeat times out, or the caller cancels.</summary>
    public async Task<SessionEnd> RunAsync(IStreamFrameHandler handler, CancellationToken cancellationToken)
    {
        using var stop = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _lifetime);
        var token = _lifetime.Token;
        Task<SessionEnd>[] loops =
        [
            WriteLoopAsync(token),
            ReadLoopAsync(handler, token),
            ProcessLoopAsync(handler, token),
            HeartbeatLoopAsync(token),
        ];

        var first = await Task.WhenAny(loops).ConfigureAwait(false);
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _outbound.Writer.TryComplete();
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch
        {
            // Every loop but the first ends by cancellation; only the first one's outcome says why.
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Describe(first);
    }

    public ValueTask DisposeAsync()
    {
        _outbound.Writer.TryComplete();
        Abandon(_call, _lifetime);
        return ValueTask.CompletedTask;
    }

    private static void Abandon(AsyncDuplexStreamingCall<ClientFrame, ServerFrame> call, CancellationTokenSource lifetime)
    {
        lifetime.Cancel();
        call.Dispose();
        lifetime.Dispose();
    }

    private static SessionEnd Describe(Task<SessionEnd> loop)
    {
        if (loop.IsCompletedSuccessfully)
        {
            return loop.Result;
        }

        return loop.Exception?.GetBaseException() switch
        {
            RpcException e => new SessionEnd(string.IsNullOrEmpty(e.Status.Detail) ? e.StatusCode.ToString() : e.Status.Detail, e.StatusCode),
            ImClientException e => new SessionEnd(e.Message, e.StatusCode),
            { } e => new SessionEnd(e.Message),
            null => new SessionEnd("The session was cancelled."),
        };
    }

    private async Task<SessionEnd> WriteLoopAsync(CancellationToken token)
    {
        await foreach (var frame in _outbound.Reader.ReadAllAsync(token).ConfigureAwait(false))
        {
            await _call.RequestStream.WriteAsync(frame, token).ConfigureAwait(false);
        }

        return new SessionEnd("The request stream was closed.");
    }

    private async Task<SessionEnd> ReadLoopAsync(IStreamFrameHandler handler, CancellationToken token)
    {
        while (await _call.ResponseStream.MoveNext(token).ConfigureAwait(false))
        {
            Volatile.Write(ref _lastFrameTimestamp, _time.GetTimestamp());
            var frame = _call.ResponseStream.Current;
            switch (frame.KindCase)
            {
                case ServerFrame.KindOneofCase.Event:
                case ServerFrame.KindOneofCase.Sync:
                case ServerFrame.KindOneofCase.ResyncRequired:
                case ServerFrame.KindOneofCase.Advanced:
                    _ordered.Writer.TryWrite(frame);
                    break;
                case ServerFrame.KindOneofCase.Error when frame.RequestId == SyncCoordinator.PullRequestId && ImClientException.RetryAfterOf(frame.Error) is { } retryAfter:
                    // The gateway's query budget refused the pull; reconnecting after the hint
                    // pulls again from the cursor, so nothing is missed.
                    return new SessionEnd($"A sync pull was rate limited: {frame.Error.Message}", StatusCode.ResourceExhausted, retryAfter);
                case ServerFrame.KindOneofCase.Error when frame.RequestId == SyncCoordinator.PullRequestId:
                    // The server could not read the user's log (e.g. the user's grain is moving
                    // after a silo died). Without an answer the pull would stay in flight and no
                    // later gap would be pulled: reconnect with backoff and resync from the cursor.
                    return new SessionEnd($"A sync pull failed: {frame.Error.Message}");
                case ServerFrame.KindOneofCase.GoAway:
                    var delay = TimeSpan.FromMilliseconds(Math.Max(0, frame.GoAway.ReconnectAfterMs));
                    // Draining, a replaced stream or an expired token: the reason says which.
                    return new SessionEnd($"The gateway closed the stream: {frame.GoAway.Reason}", null, delay);
                default:
                    handler.OnSignal(frame);
                    break;
            }
        }

        return new SessionEnd("The server closed the stream.");
    }

    private async Task<SessionEnd> ProcessLoopAsync(IStreamFrameHandler handler, CancellationToken token)
    {
        await handler.OnStartedAsync(this, token).ConfigureAwait(false);
        await foreach (var frame in _ordered.Reader.ReadAllAsync(token).ConfigureAwait(false))
        {
            await handler.OnOrderedAsync(this, frame, token).ConfigureAwait(false);
        }

        return new SessionEnd("Processing stopped.");
    }

    private async Task<SessionEnd> HeartbeatLoopAsync(CancellationToken token)
    {
        var interval = Welcome.HeartbeatIntervalMs > 0 ? TimeSpan.FromMilliseconds(Welcome.HeartbeatIntervalMs) : DefaultHeartbeatInterval;
        var idleTimeout = Welcome.IdleTimeoutMs > 0 ? TimeSpan.FromMilliseconds(Welcome.IdleTimeoutMs) : DefaultIdleTimeout;

        // Check at least twice per idle timeout so a dead server is noticed close to the limit, not up to an interval after it.
        var tick = TimeSpan.FromTicks(Math.Min(interval.Ticks, idleTimeout.Ticks / 2));
        var lastPing = _time.GetTimestamp();
        long nonce = 0;
        while (true)
        {
            await Task.Delay(tick, _time, token).ConfigureAwait(false);
            var silent = _time.GetElapsedTime(Volatile.Read(ref _lastFrameTimestamp));
            if (silent > idleTimeout)
            {
                return new SessionEnd($"Heartbeat timeout: nothing from the server for {silent.TotalSeconds:0.#} s (limit {idleTimeout.TotalSeconds:0.#} s).", StatusCode.Unavailable);
            }

            if (_time.GetElapsedTime(lastPing) >= interval - (tick / 10))
            {
                TryWrite(new ClientFrame { Ping = new Ping { Nonce = ++nonce } });
                lastPing = _time.GetTimestamp();
            }
        }
    }
}
