using OrleansIm.Protocol.V1;
using OrleansIm.Tests.Shared;

namespace OrleansIm.Gateway.Tests.Support;

/// <summary>A user logged in through the development login, with raw generated gRPC clients.</summary>
public sealed class TestUser : IAsyncDisposable
{
    private readonly DevLoginUser _login;

    private TestUser(DevLoginUser login) => _login = login;

    public string Id => _login.Id;

    public string Token => _login.Token;

    public ChatService.ChatServiceClient Chat => _login.Chat;

    public static async Task<TestUser> LoginAsync(TestNode node, string userId) =>
        new(await DevLoginUser.LoginAsync(node.GrpcAddress, userId));

    public Task<TestStream> ConnectAsync(string deviceId = "phone", long cursor = 0) =>
        TestStream.OpenAsync(Chat, deviceId, cursor);

    public async Task<Conversation> OpenDirectAsync(TestUser peer) =>
        await Chat.OpenDirectAsync(new OpenDirectRequest { PeerId = peer.Id });

    public Task<SendAck> SendTextAsync(string conversationId, string text, string? clientMessageId = null) =>
        _login.SendTextAsync(conversationId, text, clientMessageId);

    public async Task<HistoryResponse> HistoryAsync(string conversationId, int limit = 100) =>
        await Chat.GetHistoryAsync(new HistoryRequest { ConversationId = conversationId, Direction = Direction.Forward, Limit = limit });

    public ValueTask DisposeAsync()
    {
        _login.Dispose();
        return ValueTask.CompletedTask;
    }
}
