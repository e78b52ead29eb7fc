using Grpc.Core;
using Microsoft.Extensions.Hosting;
using OrleansIm.Gateway.Auth;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Services;

/// <summary>The development login: any user id gets a token, and only in the Development environment.</summary>
internal sealed class AuthGrpcService(IHostEnvironment environment, TokenIssuer issuer) : AuthService.AuthServiceBase
{
    public override Task<DevLoginResponse> DevLogin(DevLoginRequest request, ServerCallContext context)
    {
        if (!environment.IsDevelopment())
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "DevLogin is available only in the Development environment."));
        }
        var userId = UserId.Require(request.UserId, "user_id");
        var (token, expiresAt) = issuer.Issue(userId);
        return Task.FromResult(new DevLoginResponse { AccessToken = token, ExpiresAtMs = expiresAt.ToUnixTimeMilliseconds() });
    }
}
