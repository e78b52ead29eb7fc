using Grpc.Core;
using OrleansIm.Bench.Relay.Hosting;
using OrleansIm.Bench.Relay.Identity;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Relay.Services;

/// <summary>DevLogin for any valid user id; the token is the user id itself (see <see cref="RelayCaller"/>).</summary>
internal sealed class RelayAuthService : AuthService.AuthServiceBase
{
    public override Task<DevLoginResponse> DevLogin(DevLoginRequest request, ServerCallContext context)
    {
        var userId = RelayIds.Require(request.UserId, "user_id");
        return Task.FromResult(new DevLoginResponse
        {
            AccessToken = RelayCaller.IssueToken(userId),
            ExpiresAtMs = (DateTimeOffset.UtcNow + RelayLimits.TokenLifetime).ToUnixTimeMilliseconds(),
        });
    }
}
