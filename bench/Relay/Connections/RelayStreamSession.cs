using System.Threading.Channels;
using Grpc.Core;
using OrleansIm.Bench.Relay.Hosting;
using OrleansIm.Bench.Relay.Identity;
using OrleansIm.Bench.Relay.Routing;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Relay.Connections;

/// <summary>
/// Runs one Connect stream as the gateway does: hello/welcome, then client frames until the
/// client leaves, goes silent past the idle timeout, or a newer stream of the device replaces
/// it. Sends are routed inline: in memory they finish without waiting on anything.
/// </summary>
internal sealed class RelayStreamSession(RelayDirectory directory, RelayUser user, ServerCallContext context)
{
    public async Task RunAsync(IAsyncStreamReader<ClientFrame> requests, IServerStreamWriter<ServerFrame> responses)
    {
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        closing.CancelAfter(RelayLimits.IdleTimeout);
        var hello = await ReadHelloAsync(requests, closing.Token);
        RelayIds.Require(hello.DeviceId, "hello.device_id");
        if (hello.Cursor < 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "hello.cursor must not be negative."));
        }

        var connection = new RelayConnection(hello.DeviceId, RelayLimits.OutboundQueueCapacity, closing);
        user.Attach(connection);
        var writer = Task.CompletedTask;
        try
        {
            await responses.WriteAsync(new ServerFrame { Welcome = Welcome(connection.SyncSeqAtAttach) });
            writer = connection.RunWriterAsync(responses, context.CancellationToken);
            await ReadLoopAsync(connection, requests);
        }
        finally
        {
            user.Detach(connection);
            connection.Complete();
            await writer.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private Welcome Welcome(long latestSyncSeq) => new()
    {
        UserId = user.Id,
        LatestSyncSeq = latestSyncSeq,
        HeartbeatIntervalMs = (int)RelayLimits.HeartbeatInterval.TotalMilliseconds,
        IdleTimeoutMs = (int)RelayLimits.IdleTimeout.TotalMilliseconds,
        MaxBodyBytes = RelayLimits.MaxBodyBytes,
        MaxPageSize = RelayLimits.MaxPageSize,
        ServerTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
    };

    private async Task<Hello> ReadHelloAsync(IAsyncStreamReader<ClientFrame> requests, CancellationToken idle)
    {
        try
        {
            if (!await requests.MoveNext(idle))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "The stream ended before hello."));
            }
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"No hello within {RelayLimits.IdleTimeout.TotalSeconds:0} seconds."));
        }
        return requests.Current.KindCase == ClientFrame.KindOneofCase.Hello
            ? requests.Current.Hello
            : throw new RpcException(new Status(StatusCode.InvalidArgument, "The first frame must be hello."));
    }

    private async Task ReadLoopAsync(RelayConnection connection, IAsyncStreamReader<ClientFrame> requests)
    {
        var stop = connection.Closing;
        try
        {
            while (await requests.MoveNext(stop))
            {
                connection.ResetIdleTimer(RelayLimits.IdleTimeout);
                var reply = Answer(connection, requests.Current);
                if (reply is not null)
                {
                    await connection.ReplyAsync(reply, stop);
                }
            }
        }
        catch (OperationCanceledException) when (connection.ClosedByServer || context.CancellationToken.IsCancellationRequested)
        {
            // Replaced by a newer stream of the device, or the client left: a normal end.
        }
        catch (ChannelClosedException)
        {
            // Replaced while a reply was waiting for room: the reply has nowhere to go.
        }
        catch (OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"No frame for {RelayLimits.IdleTimeout.TotalSeconds:0} seconds; send a ping every {RelayLimits.HeartbeatInterval.TotalSeconds:0} seconds."));
        }
    }

    /// <summary>The frame that answers a client frame, or null when none is due (cursor acks, typing).</summary>
    private ServerFrame? Answer(RelayConnection connection, ClientFrame frame)
    {
        var reply = new ServerFrame { RequestId = frame.RequestId };
        try
        {
            switch (frame.KindCase)
            {
                case ClientFrame.KindOneofCase.Send:
                    reply.SendResult = Send(frame.Send);
                    break;
                case ClientFrame.KindOneofCase.Ping:
                    reply.Pong = new Pong { Nonce = frame.Ping.Nonce, ServerTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
                    break;
                case ClientFrame.KindOneofCase.Sync:
                    reply.Sync = SyncAnswer.For(user, connection, frame.Sync.After);
                    break;
                case ClientFrame.KindOneofCase.MarkRead:
                    reply.MarkRead = new MarkReadResponse { ConversationId = frame.MarkRead.ConversationId };
                    break;
                case ClientFrame.KindOneofCase.Typing:
                    directory.Conversation(frame.Typing.ConversationId).Typing(user.Id, frame.Typing.Typing);
                    return null;
                case ClientFrame.KindOneofCase.Ack:
                    // The relay keeps no cursors: it never replays.
                    return null;
                case ClientFrame.KindOneofCase.Hello:
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "hello may be sent only once per stream."));
                default:
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "The frame has no known kind; this server speaks im.v1."));
            }
        }
        catch (RpcException e)
        {
            reply = new ServerFrame { RequestId = frame.RequestId, Error = new Error { Code = (int)e.StatusCode, Message = e.Status.Detail } };
        }
        return reply;
    }

    private SendResult Send(SendRequest request)
    {
        var result = new SendResult { ClientMessageId = request.ClientMessageId };
        try
        {
            result.Ack = directory.Send(user.Id, request);
        }
        catch (RpcException e)
        {
            result.Error = new Error { Code = (int)e.StatusCode, Message = e.Status.Detail };
        }
        return result;
    }
}
