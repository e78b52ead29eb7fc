using Grpc.Core;

namespace OrleansIm.Gateway.Auth;

/// <summary>The authenticated user of a call, as <see cref="BearerAuthInterceptor"/> proved it; it must be a valid user id.</summary>
internal static class CallerIdentity
{
    public const string UserStateKey = "orleansim.user";

    public static string UserId(ServerCallContext context)
    {
        var sub = context.UserState.TryGetValue(UserStateKey, out var value) ? value as string : null;
        if (!Grains.Interfaces.Ids.UserId.IsValid(sub))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The token's subject is not a valid user id."));
        }
        return sub!;
    }
}
