using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using OrleansIm.Gateway.Auth;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests;

[Collection(NodeCollection.Name)]
public sealed class AuthTests(NodeFixture fixture)
{
    [Fact]
    public async Task A_call_without_a_token_is_unauthenticated()
    {
        using var channel = GrpcChannel.ForAddress(fixture.Node.GrpcAddress);
        var client = new ChatService.ChatServiceClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ListConversationsAsync(new ListConversationsRequest()));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl")]
    public async Task A_malformed_or_badly_signed_token_is_unauthenticated(string token)
    {
        var client = ClientWithToken(token, out var channel);
        using (channel)
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ListConversationsAsync(new ListConversationsRequest()));
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }
    }

    [Fact]
    public async Task An_expired_token_is_unauthenticated_also_for_the_stream()
    {
        var issuer = fixture.Node.Services.GetRequiredService<TokenIssuer>();
        var (token, _) = issuer.Issue(NodeFixture.Unique("late"), TimeSpan.FromMinutes(-5));
        var client = ClientWithToken(token, out var channel);
        using (channel)
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ListConversationsAsync(new ListConversationsRequest()));
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);

            // The server refuses the stream on its headers; reading the response surfaces that
            // status (a write may race the refusal and fail with a less telling one).
            using var call = client.Connect();
            var streamError = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());
            Assert.Equal(StatusCode.Unauthenticated, streamError.StatusCode);
        }
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_unauthenticated()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new Options.JwtOptions { SigningKey = "another-key-another-key-another-key-0123" });
        var (token, _) = new TokenIssuer(options, TimeProvider.System).Issue("mallory");
        var client = ClientWithToken(token, out var channel);
        using (channel)
        {
            var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ListConversationsAsync(new ListConversationsRequest()));
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }
    }

    [Fact]
    public async Task Dev_login_refuses_a_bad_user_id()
    {
        using var channel = GrpcChannel.ForAddress(fixture.Node.GrpcAddress);
        var auth = new AuthService.AuthServiceClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await auth.DevLoginAsync(new DevLoginRequest { UserId = "bad id!" }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("user_id", error.Status.Detail);
    }

    [Fact]
    public async Task Dev_login_is_off_outside_development()
    {
        await using var production = await TestNode.StartAsync(settings: new Dictionary<string, string> { ["environment"] = "Production" });
        using var channel = GrpcChannel.ForAddress(production.GrpcAddress);
        var auth = new AuthService.AuthServiceClient(channel);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await auth.DevLoginAsync(new DevLoginRequest { UserId = "alice" }));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    private ChatService.ChatServiceClient ClientWithToken(string token, out GrpcChannel channel)
    {
        channel = GrpcChannel.ForAddress(fixture.Node.GrpcAddress);
        return new ChatService.ChatServiceClient(channel.Intercept(m => { m.Add("authorization", $"Bearer {token}"); return m; }));
    }
}
