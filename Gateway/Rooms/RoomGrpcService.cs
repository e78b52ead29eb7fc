using Grpc.Core;
using Microsoft.Extensions.Options;
using OrleansIm.Gateway.Auth;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Rooms;

/// <summary>
/// The public live-room API. A Watch is a local viewer of this gateway's one subscription to
/// the room; posts and moderation go straight to the room grain, naming the caller from the token.
/// </summary>
internal sealed class RoomGrpcService(RoomSubscriptions subscriptions, IOptions<LiveRoomOptions> options) : RoomService.RoomServiceBase
{
    public const string RetryAfterTrailer = "retry-after-ms";

    public override async Task<RoomInfo> CreateRoom(CreateRoomRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.UserId(context);
        var roomId = request.RoomId.Length == 0 ? RoomId.New() : RoomId.Require(request.RoomId);
        var command = new CreateRoomCommand(caller, request.Title, [.. request.ModeratorIds], request.MaxMessagesPerSecond);
        return RoomProtoMapper.ToProto(await Room(roomId).Create(command));
    }

    public override async Task<CloseRoomResponse> CloseRoom(CloseRoomRequest request, ServerCallContext context)
    {
        await Room(RoomId.Require(request.RoomId)).Close(CallerIdentity.UserId(context));
        return new CloseRoomResponse();
    }

    public override async Task Watch(WatchRoomRequest request, IServerStreamWriter<RoomFrame> responseStream, ServerCallContext context)
    {
        var viewer = new RoomViewer(CallerIdentity.UserId(context), options.Value.ViewerQueueCapacity, CallerIdentity.ExpiresAt(context), CallerIdentity.SigningKey(context));
        var (room, joined) = await subscriptions.JoinAsync(RoomId.Require(request.RoomId), viewer);
        try
        {
            await viewer.RunAsync(responseStream, joined, options.Value.ViewerCloseGrace, context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The viewer left.
        }
        finally
        {
            subscriptions.Leave(room, viewer);
        }
    }

    public override async Task<PostRoomResponse> Post(PostRoomRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.UserId(context);
        var outcome = await Room(RoomId.Require(request.RoomId)).Post(caller, RoomProtoMapper.ToClass(request.Class), request.Text);
        if (!outcome.Accepted)
        {
            throw new RpcException(
                new Status(StatusCode.ResourceExhausted, $"The room is over its rate limit for this class; retry after {outcome.RetryAfterMs} ms."),
                new Metadata { { RetryAfterTrailer, outcome.RetryAfterMs.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        }
        return new PostRoomResponse { Seq = outcome.Seq };
    }

    public override async Task<ModerationResponse> MuteUser(MuteUserRequest request, ServerCallContext context)
    {
        await Room(RoomId.Require(request.RoomId)).MuteUser(CallerIdentity.UserId(context), request.UserId, Seconds(request.DurationSeconds));
        return new ModerationResponse();
    }

    public override async Task<ModerationResponse> MuteRoom(MuteRoomRequest request, ServerCallContext context)
    {
        await Room(RoomId.Require(request.RoomId)).MuteRoom(CallerIdentity.UserId(context), request.Muted);
        return new ModerationResponse();
    }

    public override async Task<ModerationResponse> RemoveViewer(RemoveViewerRequest request, ServerCallContext context)
    {
        await Room(RoomId.Require(request.RoomId)).RemoveViewer(CallerIdentity.UserId(context), request.UserId, Seconds(request.DurationSeconds));
        return new ModerationResponse();
    }

    private ILiveRoomGrain Room(string roomId) => subscriptions.Grain(roomId);

    private static TimeSpan Seconds(int seconds) => seconds >= 0
        ? TimeSpan.FromSeconds(seconds)
        : throw ImException.InvalidArgument("duration_seconds must not be negative.");
}
