using Grpc.Core;
using Grpc.Net.Client;
using OrleansIm.Bench.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Scenarios.Idle;

/// <summary>The users of one idle run: ids unique to the run (an external target may have seen earlier runs), one token each.</summary>
internal sealed class IdleUsers(string prefix, int count)
{
    private readonly string[] _tokens = new string[count];

    public int Count => count;

    public string Id(int index) => $"{prefix}-{index}";

    public Metadata Headers(int index) => new() { { "authorization", $"Bearer {_tokens[index]}" } };

    public Task LoginAsync(GrpcChannel channel, string? progress, BenchContext context, CancellationToken cancellationToken)
    {
        var auth = new AuthService.AuthServiceClient(channel);
        return BoundedWork.ForEachAsync(count, progress, context, async (i, ct) =>
            _tokens[i] = (await auth.DevLoginAsync(new DevLoginRequest { UserId = Id(i) }, cancellationToken: ct)).AccessToken,
            cancellationToken);
    }

    /// <summary>
    /// ListConversations is the cheapest call that needs the user grain, so it activates it
    /// without the connection-side state a stream would add.
    /// </summary>
    public Task ActivateAsync(GrpcChannel channel, string? progress, BenchContext context, CancellationToken cancellationToken)
    {
        var chat = new ChatService.ChatServiceClient(channel);
        return BoundedWork.ForEachAsync(count, progress, context, async (i, ct) =>
            await chat.ListConversationsAsync(new ListConversationsRequest(), Headers(i), cancellationToken: ct),
            cancellationToken);
    }
}
