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
    /// <summary>
    /// Joins the room and watches it until the enumeration stops or the room ends the watch for
    /// good: removed by a moderator or the room closed (a <see cref="RoomClosedEvent"/> comes
    /// last). With <paramref name="resume"/> (the default), a watch that breaks off because the
    /// gateway drains, the connection fails or the viewer fell too far behind is started again on
    /// the next gateway with the reconnect backoff, announced by a <see cref="RoomInterruptedEvent"/>;
    /// messages already handed over are not repeated. Without it, those end the watch as well.
    /// </summary>
    public async IAsyncEnumerable<RoomEvent> WatchRoomAsync(string roomId, [EnumeratorCancellation] CancellationToken cancellationToken = default, bool resume = true)
    {
        var seen = new RoomSeenMessages();
        var backoff = new ReconnectBackoff(_options.ReconnectInitialDelay, _options.ReconnectMaxDelay, _options.ReconnectJitter);
        var attempt = 0;
        while (true)
        {
            string reason;
            var headers = await AuthMetadata.CreateAsync(_options.TokenProvider!, cancellationToken).ConfigureAwait(false);
            using (var call = RoomClient().Watch(new WatchRoomRequest { RoomId = roomId }, new CallOptions(headers, cancellationToken: cancellationToken)))
            {
                while (true)
                {
                    var (frame, failure) = await NextRoomFrameAsync(call, cancellationToken).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        if (!resume || !RoomWatchResumption.IsResumable(failure.StatusCode))
                        {
                            throw ImClientException.FromRpc(failure);
                        }
                        reason = $"{failure.StatusCode}: {failure.Status.Detail}";
                        break;
                    }
                    if (frame is null)
                    {
                        if (!resume)
                        {
                            yield break;
                        }
                        reason = "the gateway ended the watch";
                        break;
                    }
                    var e = RoomFrames.ToEvent(roomId, frame);
                    if (e is RoomClosedEvent closed && resume && RoomWatchResumption.IsResumable(closed.Code))
                    {
                        reason = closed.Reason;
                        break;
                    }
                    if (e is RoomJoinedEvent)
                    {
                        attempt = 0;
                    }
                    yield return seen.Admit(e);
                    if (e is RoomClosedEvent)
                    {
                        yield break;
                    }
                }
            }
            _endpoints.MoveNext();
            var delay = backoff.DelayFor(attempt++);
            yield return new RoomInterruptedEvent(roomId, reason, delay);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The next frame, null at the end of the stream, or the failure; cancellation by the caller throws.</summary>
    private static async Task<(RoomFrame? Frame, RpcException? Failure)> NextRoomFrameAsync(AsyncServerStreamingCall<RoomFrame> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false)
                ? (call.ResponseStream.Current, null)
                : (null, null);
        }
        catch (RpcException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The watch was cancelled.", e, cancellationToken);
        }
        catch (RpcException e)
        {
            return (null, e);
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
