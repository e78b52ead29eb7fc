using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using OrleansIm.ProcessHost;
using OrleansIm.Protocol.V1;

namespace OrleansIm.EndToEnd.Tests.Fuzz;

/// <summary>A user of the fuzzed node: a development-login token and a generated client on a connection of its own.</summary>
internal sealed class FuzzUser : IDisposable
{
    private readonly GrpcChannel _channel;

    private FuzzUser(string id, string token, GrpcChannel channel)
    {
        Id = id;
        Token = token;
        _channel = channel;
        Chat = new ChatService.ChatServiceClient(channel.Intercept(m => { m.Add("authorization", $"Bearer {token}"); return m; }));
    }

    public string Id { get; }

    public string Token { get; }

    public ChatService.ChatServiceClient Chat { get; }

    public static async Task<FuzzUser> LoginAsync(NodeProcess node, string name)
    {
        var id = $"{name}-{Guid.NewGuid().ToString("N")[..8]}";
        var channel = GrpcChannel.ForAddress(node.GrpcAddress);
        var login = await new AuthService.AuthServiceClient(channel).DevLoginAsync(new DevLoginRequest { UserId = id });
        return new FuzzUser(id, login.AccessToken, channel);
    }

    public async Task<SendAck> SendTextAsync(string conversationId, string text) =>
        await Chat.SendAsync(new SendRequest
        {
            ConversationId = conversationId,
            ClientMessageId = Guid.NewGuid().ToString("N"),
            Body = new MessageBody { Text = new TextBody { Text = text } },
        });

    public void Dispose() => _channel.Dispose();
}
