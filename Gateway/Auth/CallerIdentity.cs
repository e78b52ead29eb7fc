using Grpc.Core;
using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Gateway.Auth;

/// <summary>The authenticated caller of a call, as <see cref="BearerAuthInterceptor"/> proved it.</summary>
internal static class CallerIdentity
{
    public const string UserStateKey = "orleansim.caller";

    /// <summary>The caller's user id; it must be a valid user id.</summary>
    public static string UserId(ServerCallContext context)
    {
        var sub = Caller(context)?.UserId;
        if (!Grains.Interfaces.Ids.UserId.IsValid(sub))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The token's subject is not a valid user id."));
        }
        return sub!;
    }

    public static CallerRoles Roles(ServerCallContext context) => Caller(context)?.Roles ?? CallerRoles.None;

    /// <summary>When the caller's token expires; the end of time for a call the interceptor did not authenticate.</summary>
    public static DateTimeOffset ExpiresAt(ServerCallContext context) => Caller(context)?.ExpiresAt ?? DateTimeOffset.MaxValue;

    /// <summary>The key that verified the caller's token (<see cref="SigningKeyIdentity"/>); "" when unknown.</summary>
    public static string SigningKey(ServerCallContext context) => Caller(context)?.SigningKey ?? "";

    /// <summary>For admin operations: the caller must hold the admin role claim or a service credential.</summary>
    public static void RequirePrivileged(ServerCallContext context)
    {
        if ((Roles(context) & (CallerRoles.Admin | CallerRoles.Service)) == 0)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "This operation needs the admin role or a service credential."));
        }
    }

    private static AuthenticatedCaller? Caller(ServerCallContext context) =>
        context.UserState.TryGetValue(UserStateKey, out var value) ? value as AuthenticatedCaller : null;
}
