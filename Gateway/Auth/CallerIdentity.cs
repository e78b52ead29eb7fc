using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using OrleansIm.Grains.Interfaces.Ids;

namespace OrleansIm.Gateway.Auth;

/// <summary>The authenticated user of a call: the token's subject, which must be a valid user id.</summary>
internal static class CallerIdentity
{
    public static string UserId(ServerCallContext context)
    {
        var sub = context.GetHttpContext().User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (!Grains.Interfaces.Ids.UserId.IsValid(sub))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The token's subject is not a valid user id."));
        }
        return sub!;
    }
}
