using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Tests.Shared;

/// <summary>
/// A user signed in through the development login, with the generated chat client on a channel
/// of its own that carries the token. Compiled into the test projects that talk raw gRPC to a
/// node (in process or a child process), so each need not write its own.
/// </summary>
public sealed class DevLoginUser : IDisposable
{
    private readonly GrpcChannel _channel;

    private DevLoginUser(string id, string token, GrpcChannel channel)
    {
        Id = id;
        Token = token;
        _channel = channel;
        Chat = new ChatService.ChatServiceClient(channel.Intercept(m => { m.Add("authorization", $"Bearer {token}"); return m; }));
    }

    public string Id { get; }

    public string Token { get; }

    public ChatService.ChatServiceClient Chat { get; }

    public static async Task<DevLoginUser> LoginAsync(Uri grpcAddress, string userId)
    {
        var channel = GrpcChannel.ForAddress(grpcAddress);
        var login = await new AuthService.AuthServiceClient(channel).DevLoginAsync(new DevLoginRequest { UserId = userId });
        return new DevLoginUser(userId, login.AccessToken, channel);
    }

    public async Task<SendAck> SendTextAsync(string conversationId, string text, string? clientMessageId = null) =>
        await Chat.SendAsync(new SendRequest
        {
            ConversationId = conversationId,
            ClientMessageId = clientMessageId ?? Guid.NewGuid().ToString("N"),
            Body = new MessageBody { Text = new TextBody { Text = text } },
        });

    public void Dispose() => _channel.Dispose();
}
