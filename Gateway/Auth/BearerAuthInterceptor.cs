using Grpc.Core;
using Grpc.Core.Interceptors;

namespace OrleansIm.Gateway.Auth;

/// <summary>
/// Every ChatService and RoomService call must carry `authorization: Bearer &lt;jwt&gt;`; the user id it proves is
/// kept in the call's UserState for <see cref="CallerIdentity"/>. AuthService (the development
/// login) is open.
/// </summary>
internal sealed class BearerAuthInterceptor(BearerTokenValidator validator) : Interceptor
{
    private const string OpenService = "/im.v1.AuthService/";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        if (context.Method.StartsWith(OpenService, StringComparison.Ordinal))
        {
            return;
        }
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Send 'authorization: Bearer <token>'."));
        }
        var (userId, error) = await validator.ValidateAsync(header["Bearer ".Length..].Trim());
        if (userId is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, error!));
        }
        context.UserState[CallerIdentity.UserStateKey] = userId;
    }
}
