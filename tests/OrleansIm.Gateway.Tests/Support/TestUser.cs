using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.Support;

/// <summary>A user logged in through the development login, with raw generated gRPC clients.</summary>
public sealed class TestUser : IAsyncDisposable
{
    private readonly GrpcChannel _channel;

    private TestUser(string id, string token, GrpcChannel channel)
    {
        Id = id;
        Token = token;
        _channel = channel;
        Chat = new ChatService.ChatServiceClient(channel.Intercept(m => { m.Add("authorization", $"Bearer {token}"); return m; }));
    }

    public string Id { get; }

    public string Token { get; }

    public ChatService.ChatServiceClient Chat { get; }

    public static async Task<TestUser> LoginAsync(TestNode node, string userId)
    {
        var channel = GrpcChannel.ForAddress(node.GrpcAddress);
        var auth = new AuthService.AuthServiceClient(channel);
        var login = await auth.DevLoginAsync(new DevLoginRequest { UserId = userId });
        return new TestUser(userId, login.AccessToken, channel);
    }

    public Task<TestStream> ConnectAsync(string deviceId = "phone", long cursor = 0) =>
        TestStream.OpenAsync(Chat, deviceId, cursor);

    public async Task<Conversation> OpenDirectAsync(TestUser peer) =>
        await Chat.OpenDirectAsync(new OpenDirectRequest { PeerId = peer.Id });

    public async Task<SendAck> SendTextAsync(string conversationId, string text, string? clientMessageId = null) =>
        await Chat.SendAsync(new SendRequest
        {
            ConversationId = conversationId,
            ClientMessageId = clientMessageId ?? Guid.NewGuid().ToString("N"),
            Body = new MessageBody { Text = new TextBody { Text = text } },
        });

    public async Task<HistoryResponse> HistoryAsync(string conversationId, int limit = 100) =>
        await Chat.GetHistoryAsync(new HistoryRequest { ConversationId = conversationId, Direction = Direction.Forward, Limit = limit });

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }
}
