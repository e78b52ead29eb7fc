using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using OrleansIm.Gateway.Auth;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.Security;

/// <summary>The development login exists only in Development; no setting brings it anywhere else.</summary>
// In the keys-node collection only to run one at a time: each starts nodes of its own, and
// starting many at once starves the timing-sensitive room tests running beside them.
[Collection(KeysNodeCollection.Name)]
public sealed class DevLoginTests
{
    [Fact]
    public async Task Outside_development_neither_the_login_nor_its_token_issuer_exists()
    {
        await using var node = await TestNode.StartAsync(settings: new Dictionary<string, string> { ["environment"] = "Production" });

        Assert.Null(node.Services.GetService<TokenIssuer>());
        using var channel = GrpcChannel.ForAddress(node.GrpcAddress);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await new AuthService.AuthServiceClient(channel).DevLoginAsync(new DevLoginRequest { UserId = "alice" }));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Switching_the_login_on_outside_development_fails_start_up()
    {
        var failure = await TestNode.FailToStartAsync(new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["OrleansIm:Auth:DevLogin"] = "true",
        });

        Assert.NotNull(failure);
        Assert.Contains("DevLogin cannot be enabled outside the Development environment", failure.Message);
    }

    [Fact]
    public async Task Development_can_switch_the_login_off()
    {
        await using var node = await TestNode.StartAsync(settings: new Dictionary<string, string> { ["OrleansIm:Auth:DevLogin"] = "false" });

        Assert.Null(node.Services.GetService<TokenIssuer>());
        using var channel = GrpcChannel.ForAddress(node.GrpcAddress);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await new AuthService.AuthServiceClient(channel).DevLoginAsync(new DevLoginRequest { UserId = "alice" }));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}
