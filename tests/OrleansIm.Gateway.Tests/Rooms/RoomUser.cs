using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.Rooms;

/// <summary>A logged-in user with a raw RoomService client on its own HTTP/2 connection.</summary>
public sealed class RoomUser : IAsyncDisposable
{
    private readonly GrpcChannel _channel;

    private RoomUser(string id, GrpcChannel channel, string token)
    {
        Id = id;
        _channel = channel;
        Rooms = new RoomService.RoomServiceClient(channel.Intercept(m => { m.Add("authorization", $"Bearer {token}"); return m; }));
    }

    public string Id { get; }

    public RoomService.RoomServiceClient Rooms { get; }

    public static async Task<RoomUser> LoginAsync(TestNode node, string userId)
    {
        var channel = GrpcChannel.ForAddress(node.GrpcAddress);
        var login = await new AuthService.AuthServiceClient(channel).DevLoginAsync(new DevLoginRequest { UserId = userId });
        return new RoomUser(userId, channel, login.AccessToken);
    }

    public async Task<string> CreateRoomAsync(params RoomUser[] moderators)
    {
        var request = new CreateRoomRequest { Title = "live" };
        request.ModeratorIds.AddRange(moderators.Select(m => m.Id));
        return (await Rooms.CreateRoomAsync(request)).RoomId;
    }

    public async Task<long> PostAsync(string roomId, RoomMessageClass messageClass, string text) =>
        (await Rooms.PostAsync(new PostRoomRequest { RoomId = roomId, Class = messageClass, Text = text })).Seq;

    /// <summary>Opens a watch and waits for its joined frame.</summary>
    public async Task<RoomWatch> WatchAsync(string roomId, bool readInBackground = true)
    {
        var watch = new RoomWatch(Rooms.Watch(new WatchRoomRequest { RoomId = roomId }));
        await watch.ReadJoinedAsync();
        if (readInBackground)
        {
            watch.StartReading();
        }
        return watch;
    }

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }
}
