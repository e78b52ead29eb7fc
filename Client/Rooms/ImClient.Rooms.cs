using System.Runtime.CompilerServices;
using Grpc.Core;
using OrleansIm.Client.Connection;
using OrleansIm.Client.Rooms;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client;

/// <summary>
/// Live rooms: watch (an async stream of <see cref="RoomEvent"/>s), post, and moderation. A
/// watch is independent of the chat stream and needs no <see cref="StartAsync"/>.
/// </summary>
public sealed partial class ImClient
{
    /// <summary>Joins the room until the enumeration stops or the server closes the watch (a <see cref="RoomClosedEvent"/> comes last).</summary>
    public async IAsyncEnumerable<RoomEvent> WatchRoomAsync(string roomId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var headers = await AuthMetadata.CreateAsync(_options.TokenProvider!, cancellationToken).ConfigureAwait(false);
        using var call = RoomClient().Watch(new WatchRoomRequest { RoomId = roomId }, new CallOptions(headers, cancellationToken: cancellationToken));
        while (true)
        {
            RoomFrame frame;
            try
            {
                if (!await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }
                frame = call.ResponseStream.Current;
            }
            catch (RpcException e) when (!(e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested))
            {
                throw ImClientException.FromRpc(e);
            }
            yield return RoomFrames.ToEvent(roomId, frame);
        }
    }

    /// <summary>Posts to a room; the answer is the message's seq. A shed post fails with ResourceExhausted; its message says how long to wait (the `retry-after-ms` trailer on the wire).</summary>
    public async Task<long> PostToRoomAsync(string roomId, RoomMessageClass messageClass, string text, CancellationToken cancellationToken = default) =>
        (await RoomCallAsync((c, o) => c.PostAsync(new PostRoomRequest { RoomId = roomId, Class = messageClass, Text = text }, o), cancellationToken).ConfigureAwait(false)).Seq;

    /// <param name="roomId">Empty lets the server choose.</param>
    public Task<RoomInfo> CreateRoomAsync(string roomId, string title, IEnumerable<string>? moderatorIds = null, int maxMessagesPerSecond = 0, CancellationToken cancellationToken = default)
    {
        var request = new CreateRoomRequest { RoomId = roomId, Title = title, MaxMessagesPerSecond = maxMessagesPerSecond };
        request.ModeratorIds.AddRange(moderatorIds ?? []);
        return RoomCallAsync((c, o) => c.CreateRoomAsync(request, o), cancellationToken);
    }

    public Task CloseRoomAsync(string roomId, CancellationToken cancellationToken = default) =>
        RoomCallAsync((c, o) => c.CloseRoomAsync(new CloseRoomRequest { RoomId = roomId }, o), cancellationToken);

    /// <param name="duration">Zero lifts the mute.</param>
    public Task MuteRoomUserAsync(string roomId, string userId, TimeSpan duration, CancellationToken cancellationToken = default) =>
        RoomCallAsync((c, o) => c.MuteUserAsync(new MuteUserRequest { RoomId = roomId, UserId = userId, DurationSeconds = (int)duration.TotalSeconds }, o), cancellationToken);

    public Task MuteRoomAsync(string roomId, bool muted, CancellationToken cancellationToken = default) =>
        RoomCallAsync((c, o) => c.MuteRoomAsync(new MuteRoomRequest { RoomId = roomId, Muted = muted }, o), cancellationToken);

    /// <param name="duration">Zero means the server's default removal.</param>
    public Task RemoveRoomViewerAsync(string roomId, string userId, TimeSpan duration = default, CancellationToken cancellationToken = default) =>
        RoomCallAsync((c, o) => c.RemoveViewerAsync(new RemoveViewerRequest { RoomId = roomId, UserId = userId, DurationSeconds = (int)duration.TotalSeconds }, o), cancellationToken);

    private RoomService.RoomServiceClient RoomClient() => new(_channels.Get(_endpoints.Current));

    /// <summary>Room calls are not retried: a post repeated after UNAVAILABLE could show twice.</summary>
    private async Task<TResponse> RoomCallAsync<TResponse>(Func<RoomService.RoomServiceClient, CallOptions, AsyncUnaryCall<TResponse>> call, CancellationToken cancellationToken)
    {
        var headers = await AuthMetadata.CreateAsync(_options.TokenProvider!, cancellationToken).ConfigureAwait(false);
        var options = new CallOptions(headers, DateTime.UtcNow + _options.RequestTimeout, cancellationToken);
        try
        {
            return await call(RoomClient(), options).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw ImClientException.FromRpc(e);
        }
    }
}
