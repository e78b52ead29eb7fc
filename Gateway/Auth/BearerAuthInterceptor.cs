using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Gateway.Auth;

/// <summary>
/// Every ChatService and RoomService call must carry `authorization: Bearer &lt;jwt&gt;`. The caller
/// it proves is kept in the call's UserState for <see cref="CallerIdentity"/> and put into Orleans'
/// RequestContext (<see cref="CallerContext"/>) so every grain call the handler makes carries it.
/// The context is set here, in the handler's own async flow, not inside a helper: an AsyncLocal set
/// in an awaited method does not flow back to its caller. AuthService (the development login,
/// mapped only in Development) is open, and so is gRPC health checking: probes carry no token, and
/// the answer (serving or not) holds no user data.
/// </summary>
internal sealed class BearerAuthInterceptor(BearerTokenValidator validator, ILogger<BearerAuthInterceptor> logger) : Interceptor
{
    private const string OpenService = "/im.v1.AuthService/";
    private const string HealthService = "/grpc.health.v1.Health/";
    private const string Scheme = "Bearer ";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Enter(await AuthenticateAsync(context));
        try
        {
            return await continuation(request, context);
        }
        finally
        {
            CallerContext.Clear();
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Enter(await AuthenticateAsync(context));
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        finally
        {
            CallerContext.Clear();
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Enter(await AuthenticateAsync(context));
        try
        {
            await continuation(request, responseStream, context);
        }
        finally
        {
            CallerContext.Clear();
        }
    }

    private static void Enter(AuthenticatedCaller? caller)
    {
        if (caller is not null)
        {
            CallerContext.Set(caller.UserId, caller.Roles);
        }
    }

    private async Task<AuthenticatedCaller?> AuthenticateAsync(ServerCallContext context)
    {
        if (context.Method.StartsWith(OpenService, StringComparison.Ordinal) || context.Method.StartsWith(HealthService, StringComparison.Ordinal))
        {
            return null;
        }
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(header[Scheme.Length..]))
        {
            throw Refuse(context, header is null ? "No authorization header." : "Malformed authorization header.", "Send 'authorization: Bearer <token>'.");
        }
        var (caller, error) = await validator.ValidateAsync(header[Scheme.Length..].Trim());
        if (caller is null)
        {
            throw Refuse(context, error!, error!);
        }
        context.UserState[CallerIdentity.UserStateKey] = caller;
        return caller;
    }

    private RpcException Refuse(ServerCallContext context, string reason, string detail)
    {
        // The reason is one of a fixed set of sentences; the token itself is never logged.
        logger.LogDebug("Refused {Method} from {Peer}: {Reason}", context.Method, context.Peer, reason);
        return new RpcException(new Status(StatusCode.Unauthenticated, detail));
    }
}
