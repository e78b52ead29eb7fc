using System.Threading.Channels;
using Grpc.Core;
using OrleansIm.Client.Cursors;
using OrleansIm.Client.Events;
using OrleansIm.Client.Ordering;
using OrleansIm.Client.Sending;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Connection;

/// <summary>
/// Keeps one stream open for the client's lifetime: connect, resync, resend, run; when the
/// stream ends, wait (backoff, or the delay GoAway asked for) and connect to the next
/// endpoint. A connect the server refuses for who the caller is ends the loop for good.
/// </summary>
internal sealed class ConnectionSupervisor(
    ImClientOptions options,
    EndpointRotation endpoints,
    ChannelCache channels,
    SyncCoordinator sync,
    SyncEventApplier applier,
    PendingSendQueue sends,
    CursorAcknowledger acks,
    ChannelWriter<ImEvent> events) : IStreamFrameHandler
{
    private readonly ReconnectBackoff _backoff = new(options.ReconnectInitialDelay, options.ReconnectMaxDelay, options.ReconnectJitter);
    private readonly TaskCompletionSource _firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StreamSession? _session;
    private int _attempt;

    /// <summary>Completes when the first connect has resynced; faults if it was refused for good.</summary>
    public Task FirstReady => _firstReady.Task;

    /// <summary>The connected session, or null between connections.</summary>
    public StreamSession? Session => Volatile.Read(ref _session);

    public string? UserId { get; private set; }

    /// <summary>Set when the server refused the connect for good; sends fail with it from then on.</summary>
    public ImClientException? TerminalError { get; private set; }

    public async Task RunAsync(CancellationToken stopping)
    {
        var endpoint = endpoints.Current;
        while (!stopping.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                await events.WriteAsync(new ConnectionStateChanged(ConnectionState.Connecting, endpoint), stopping).ConfigureAwait(false);
                var end = await RunSessionAsync(endpoint, stopping).ConfigureAwait(false);
                delay = end.ReconnectAfter ?? _backoff.DelayFor(_attempt++);
                await events.WriteAsync(new ConnectionStateChanged(ConnectionState.Disconnected, endpoint, end.Reason, end.Status), stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (AsRefusal(e) is { } refusal)
            {
                TerminalError = refusal;
                sends.FailAll(refusal);
                _firstReady.TrySetException(refusal);
                events.TryWrite(new ConnectionStateChanged(ConnectionState.Disconnected, endpoint, refusal.Message, refusal.StatusCode, WillRetry: false));
                events.TryComplete();
                return;
            }
            catch (Exception e)
            {
                delay = _backoff.DelayFor(_attempt++);
                var (reason, status) = Describe(e);
                await events.WriteAsync(new ConnectionStateChanged(ConnectionState.Disconnected, endpoint, reason, status, Cause: e), stopping).ConfigureAwait(false);
            }

            endpoint = endpoints.MoveNext();
            try
            {
                await Task.Delay(delay, options.TimeProvider, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        events.TryWrite(new ConnectionStateChanged(ConnectionState.Disconnected, endpoint, "The client was stopped.", WillRetry: false));
    }

    public ValueTask OnStartedAsync(StreamSession session, CancellationToken cancellationToken)
    {
        sync.BeginResync();
        return ValueTask.CompletedTask;
    }

    public async ValueTask OnOrderedAsync(StreamSession session, ServerFrame frame, CancellationToken cancellationToken)
    {
        switch (frame.KindCase)
        {
            case ServerFrame.KindOneofCase.Event:
                await sync.OnEventAsync(frame.Event, cancellationToken).ConfigureAwait(false);
                break;
            case ServerFrame.KindOneofCase.Sync:
                if (await sync.OnSyncPageAsync(frame.Sync, cancellationToken).ConfigureAwait(false) is { } completed)
                {
                    await events.WriteAsync(completed, cancellationToken).ConfigureAwait(false);

                    // Up to date again: now resend what the last connection left unacknowledged.
                    sends.Attach(session.TryWrite);
                    _attempt = 0;
                    _firstReady.TrySetResult();
                }

                break;
            case ServerFrame.KindOneofCase.ResyncRequired:
                sync.OnResyncRequired();
                break;
            case ServerFrame.KindOneofCase.Advanced:
                // On the ordered loop: the pull shares the per-conversation guard with pushed messages.
                await applier.ApplyAdvancedAsync(frame.Advanced, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    public void OnSignal(ServerFrame frame)
    {
        switch (frame.KindCase)
        {
            case ServerFrame.KindOneofCase.SendResult:
                sends.TryComplete(frame.SendResult);
                break;
            case ServerFrame.KindOneofCase.Typing:
                // Ephemeral: dropped rather than delaying durable events when the app lags.
                events.TryWrite(new TypingChanged(frame.Typing));
                break;
            case ServerFrame.KindOneofCase.Presence:
                events.TryWrite(new PresenceChanged(frame.Presence));
                break;
        }
    }

    private async Task<SessionEnd> RunSessionAsync(Uri endpoint, CancellationToken stopping)
    {
        var headers = await AuthMetadata.CreateAsync(options.TokenProvider!, stopping).ConfigureAwait(false);
        var client = new ChatService.ChatServiceClient(channels.Get(endpoint));
        var hello = new Hello { DeviceId = options.DeviceId, Cursor = sync.Cursor };
        await using var session = await StreamSession.OpenAsync(client, endpoint, headers, hello, options.RequestTimeout, options.TimeProvider, stopping)
            .ConfigureAwait(false);

        UserId = session.Welcome.UserId;
        applier.UserId = session.Welcome.UserId;
        if (session.Welcome.MaxPageSize > 0)
        {
            applier.MaxPageSize = session.Welcome.MaxPageSize;
        }

        sync.Attach(session.TryWrite, session.Welcome.LatestSyncSeq);
        acks.Attach(session.TryWrite, hello.Cursor);
        Volatile.Write(ref _session, session);
        try
        {
            await events.WriteAsync(new ConnectionStateChanged(ConnectionState.Connected, endpoint), stopping).ConfigureAwait(false);
            return await session.RunAsync(this, stopping).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _session, null);
            sends.Detach();
            acks.Detach();
            sync.Detach();
        }
    }

    /// <summary>Refusals that no retry can fix: who the caller is, or what it sent in Hello.</summary>
    private static ImClientException? AsRefusal(Exception exception)
    {
        var (reason, status) = Describe(exception);
        return status is StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.InvalidArgument
            ? new ImClientException(status.Value, reason, exception)
            : null;
    }

    private static (string Reason, StatusCode? Status) Describe(Exception exception)
    {
        var (reason, status) = exception switch
        {
            RpcException e => (string.IsNullOrEmpty(e.Status.Detail) ? e.StatusCode.ToString() : e.Status.Detail, e.StatusCode),
            ImClientException e => (e.Message, e.StatusCode),
            _ => (exception.Message, (StatusCode?)null),
        };
        // gRPC words it "Error connecting to subchannel." or "Error starting gRPC call."; the handshake's own words say what to fix.
        return ServerCertificateTrust.FindRefusal(exception) is { } refused ? ($"The server's TLS certificate was refused: {refused.Message}", status) : (reason, status);
    }
}
