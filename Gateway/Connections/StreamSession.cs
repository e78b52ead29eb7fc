using Grpc.Core;
using Microsoft.Extensions.Logging;
using OrleansIm.Gateway.Auth;
using OrleansIm.Gateway.Errors;
using OrleansIm.Gateway.GrainAccess;
using OrleansIm.Gateway.Mapping;
using OrleansIm.Gateway.Options;
using OrleansIm.Gateway.RateLimiting;
using OrleansIm.Gateway.Telemetry;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Protocol.V1;
using OrleansIm.Grains.Interfaces.Gateway;

namespace OrleansIm.Gateway.Connections;

/// <summary>
/// Runs one Connect stream: hello/welcome, then reads client frames until the client leaves,
/// misses too many heartbeats, or the gateway closes the stream. Sends are processed
/// concurrently (bounded per stream) so one slow durable write does not stall the stream.
/// Sends and sync pulls are charged to the stream's and the user's rate budgets; a refused one
/// is answered in-band and the stream stays open.
/// </summary>
internal sealed class StreamSession(
    GrainReferences grains,
    ConnectionRegistry registry,
    ObserverReference<IGatewayObserver, GatewayObserver> observer,
    GatewayOptions options,
    AdvertisedLimits limits,
    GatewayRateLimiter limiter,
    TimeProvider time,
    ILogger logger)
{
    public async Task RunAsync(string userId, IAsyncStreamReader<ClientFrame> requests, IServerStreamWriter<ServerFrame> responses, ServerCallContext context)
    {
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        closing.CancelAfter(options.HeartbeatTimeout);
        var hello = await ReadHelloAsync(requests, closing.Token, context.CancellationToken);
        var deviceId = hello.DeviceId;
        if (!UserId.IsValid(deviceId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"hello.device_id must be 1-{UserId.MaxLength} characters of A-Z, a-z, 0-9, '_', '.', '-'."));
        }
        if (hello.Cursor < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "hello.cursor must not be negative."));
        }

        var connection = new ClientConnection(userId, deviceId, CallerIdentity.ExpiresAt(context), CallerIdentity.SigningKey(context), options.OutboundQueueCapacity, options.OutboundQueueMaxBytes, options.EffectiveSlowConsumerWindow, closing, limiter.NewConnectionBuckets());
        var user = grains.User(userId);
        Admit(connection);
        Task writer = Task.CompletedTask;
        try
        {
            var outcome = await user.Connect(deviceId, connection.ConnectionId, observer.Reference);
            await responses.WriteAsync(new ServerFrame
            {
                Welcome = new Welcome
                {
                    UserId = userId,
                    LatestSyncSeq = outcome.LatestSyncSeq,
                    HeartbeatIntervalMs = (int)options.HeartbeatInterval.TotalMilliseconds,
                    IdleTimeoutMs = (int)options.HeartbeatTimeout.TotalMilliseconds,
                    MissedHeartbeatsBeforeClose = options.MissedHeartbeatsBeforeClose,
                    MaxBodyBytes = limits.MaxBodyBytes,
                    MaxPageSize = limits.MaxPageSize,
                    ServerTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                },
            });
            writer = connection.RunWriterAsync(responses, context.CancellationToken);
            await ReadLoopAsync(connection, user, requests, context);
            if (connection.CutReason is { } cut)
            {
                logger.LogInformation("Cut slow stream of {User}/{Device}: {Reason}", userId, deviceId, cut);
                GatewayMetrics.SlowConsumerCut();
                throw new RpcException(new Status(StatusCode.ResourceExhausted, cut));
            }
        }
        finally
        {
            registry.Remove(connection);
            connection.Complete();
            await writer.ContinueWith(_ => { }, TaskScheduler.Default);
            if (connection.Acks is { } acks)
            {
                await acks.CloseAsync();
            }
            try
            {
                await user.Disconnect(deviceId, connection.ConnectionId);
            }
            catch (Exception ex)
            {
                // The registration expires by itself when it is no longer refreshed.
                logger.LogDebug(ex, "Disconnect of {User}/{Device} not recorded", userId, deviceId);
            }
        }
    }

    private async Task<Hello> ReadHelloAsync(IAsyncStreamReader<ClientFrame> requests, CancellationToken idle, CancellationToken call)
    {
        try
        {
            if (!await requests.MoveNext(idle))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "The stream ended before hello."));
            }
        }
        catch (OperationCanceledException) when (!call.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"No hello within {options.HeartbeatTimeout.TotalSeconds:0.#} seconds."));
        }
        return requests.Current.KindCase == ClientFrame.KindOneofCase.Hello
            ? requests.Current.Hello
            : throw new RpcException(new Status(StatusCode.InvalidArgument, "The first frame must be hello."));
    }

    private static async Task CountWhenForwardedAsync(Task ack)
    {
        await ack;
        GatewayMetrics.AckForwarded();
    }

    /// <summary>Made on the first ack: most streams of idle devices never ack.</summary>
    private CursorAckForwarder AckForwarder(ClientConnection connection, IUserGrain user) =>
        connection.Acks ??= new CursorAckForwarder(
            cursor => CountWhenForwardedAsync(user.AckCursor(connection.DeviceId, cursor)),
            (requestId, ex) => ReplyErrorAsync(connection, requestId, ex),
            options.CursorAckForwardInterval,
            time);

    private async Task ReadLoopAsync(ClientConnection connection, IUserGrain user, IAsyncStreamReader<ClientFrame> requests, ServerCallContext context)
    {
        // Made on the first send: most streams of idle devices never send.
        SemaphoreSlim? inFlight = null;
        var stop = connection.Closing;
        try
        {
            while (await requests.MoveNext(stop))
            {
                connection.ResetIdleTimer(options.HeartbeatTimeout);
                var frame = requests.Current;
                if (Refuse(connection, frame) is { } refusal)
                {
                    await ReplyAsync(connection, refusal, stop);
                    continue;
                }
                if (frame.KindCase == ClientFrame.KindOneofCase.Send)
                {
                    inFlight ??= new SemaphoreSlim(options.MaxInFlightSendsPerConnection);
                    await inFlight.WaitAsync(stop);
                    _ = SendAsync(connection, frame, inFlight, stop);
                    continue;
                }
                await HandleAsync(connection, user, frame, stop);
            }
        }
        catch (OperationCanceledException) when (connection.ClosedByServer || context.CancellationToken.IsCancellationRequested)
        {
            // Closed by the gateway (replaced, draining) or by the client: a normal end.
        }
        catch (OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"Missed {options.MissedHeartbeatsBeforeClose} heartbeats: no frame for {options.HeartbeatTimeout.TotalSeconds:0.#} seconds; send a ping every {options.HeartbeatInterval.TotalSeconds:0.#} seconds."));
        }
    }

    private void Admit(ClientConnection connection)
    {
        switch (registry.TryAdd(connection, options.MaxStreams, options.MaxStreamsPerUser))
        {
            case ConnectionAdmission.GatewayFull:
                // Another gateway may have room: the client's reconnect backoff tries the next endpoint.
                throw new RpcException(
                    new Status(StatusCode.ResourceExhausted, $"This gateway holds its maximum of {options.MaxStreams} streams; retry later or connect to another gateway."),
                    new Metadata { { RateRefusal.RetryAfterTrailer, "1000" } });
            case ConnectionAdmission.UserFull:
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"User {connection.UserId} already has {options.MaxStreamsPerUser} devices connected to this gateway, the most allowed; disconnect one of them to connect '{connection.DeviceId}'."));
        }
    }

    /// <summary>The in-band answer for a frame over its rate budget; null when it may proceed (or is not rate-limited).</summary>
    private ServerFrame? Refuse(ClientConnection connection, ClientFrame frame)
    {
        var category = frame.KindCase switch
        {
            ClientFrame.KindOneofCase.Send => RateCategory.Send,
            ClientFrame.KindOneofCase.Sync => RateCategory.Query,
            _ => (RateCategory?)null,
        };
        if (category is null || limiter.Check(connection.UserId, category.Value, connection.Buckets) is not { } refusal)
        {
            return null;
        }
        var reply = new ServerFrame { RequestId = frame.RequestId };
        if (category == RateCategory.Send)
        {
            reply.SendResult = new SendResult { ClientMessageId = frame.Send.ClientMessageId, Error = refusal.ToError() };
        }
        else
        {
            reply.Error = refusal.ToError();
        }
        return reply;
    }

    private async Task HandleAsync(ClientConnection connection, IUserGrain user, ClientFrame frame, CancellationToken cancellationToken)
    {
        var reply = new ServerFrame { RequestId = frame.RequestId };
        try
        {
            switch (frame.KindCase)
            {
                case ClientFrame.KindOneofCase.Ping:
                    reply.Pong = new Pong { Nonce = frame.Ping.Nonce, ServerTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
                    break;
                case ClientFrame.KindOneofCase.Ack:
                    GatewayMetrics.AckReceived();
                    await AckForwarder(connection, user).AckAsync(frame.Ack.Cursor, frame.RequestId);
                    return;
                case ClientFrame.KindOneofCase.Sync:
                    reply.Sync = ProtoMapper.ToProto(await user.Sync(frame.Sync.After, frame.Sync.Limit));
                    break;
                case ClientFrame.KindOneofCase.MarkRead:
                    reply.MarkRead = ProtoMapper.ToProto(await user.MarkRead(ConversationId.Require(frame.MarkRead.ConversationId), frame.MarkRead.Seq));
                    break;
                case ClientFrame.KindOneofCase.Typing:
                    await grains.Conversation(ConversationId.Require(frame.Typing.ConversationId)).Typing(connection.UserId, frame.Typing.Typing);
                    return;
                case ClientFrame.KindOneofCase.Hello:
                    throw ImException.InvalidArgument("hello may be sent only once per stream.");
                default:
                    throw ImException.InvalidArgument("The frame has no known kind; this server speaks im.v1.");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            reply = ErrorFrame(frame.RequestId, ex);
        }
        await ReplyAsync(connection, reply, cancellationToken);
    }

    private static async Task ReplyAsync(ClientConnection connection, ServerFrame reply, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ReplyAsync(reply, cancellationToken);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The gateway is closing this stream (replaced, draining, cut); the answer has nowhere to go.
        }
    }

    private async Task SendAsync(ClientConnection connection, ClientFrame frame, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        var received = System.Diagnostics.Stopwatch.GetTimestamp();
        var request = frame.Send;
        using var span = GatewayTracing.StartSendFromStream(request.ConversationId);
        var result = new SendResult { ClientMessageId = request.ClientMessageId };
        try
        {
            var conversation = grains.Conversation(ConversationId.Require(request.ConversationId));
            var outcome = await conversation.Send(new SendCommand(connection.UserId, UserId.Require(request.ClientMessageId, "client_message_id"), ProtoMapper.ToClientBody(request.Body), [.. request.MentionUserIds]));
            result.Ack = ProtoMapper.ToProto(outcome);
        }
        catch (Exception ex)
        {
            var status = StatusMapping.ToStatus(ex);
            if (ex is not ImException)
            {
                logger.LogWarning(ex, "Send from {User} failed", connection.UserId);
            }
            result.Error = new Error { Code = (int)status.StatusCode, Message = status.Detail };
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, status.Detail);
        }
        finally
        {
            inFlight.Release();
        }
        try
        {
            await connection.ReplyAsync(new ServerFrame { SendResult = result, RequestId = frame.RequestId }, cancellationToken);
            GatewayMetrics.SendAnswered(result.Ack is not null, unary: false, received);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            // The stream ended first; the client resends the same client message id and gets this ack then.
        }
    }

    private static async Task ReplyErrorAsync(ClientConnection connection, string requestId, Exception ex)
    {
        try
        {
            await ReplyAsync(connection, ErrorFrame(requestId, ex), connection.Closing);
        }
        catch (OperationCanceledException)
        {
            // The stream is closing; the answer has nowhere to go.
        }
    }

    private static ServerFrame ErrorFrame(string requestId, Exception ex)
    {
        var status = StatusMapping.ToStatus(ex);
        return new ServerFrame { RequestId = requestId, Error = new Error { Code = (int)status.StatusCode, Message = status.Detail } };
    }
}
