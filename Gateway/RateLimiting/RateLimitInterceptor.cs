using Grpc.Core;
using Grpc.Core.Interceptors;
using OrleansIm.Gateway.Auth;

namespace OrleansIm.Gateway.RateLimiting;

/// <summary>
/// Charges unary calls and room watches to the caller's per-user budget before they reach a
/// grain. Runs inside the auth interceptor, so the caller is known; the Connect stream charges
/// its own frames (see StreamSession).
/// </summary>
internal sealed class RateLimitInterceptor(GatewayRateLimiter limiter) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Charge(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Charge(context);
        return continuation(request, responseStream, context);
    }

    private void Charge(ServerCallContext context)
    {
        if (RateLimitedMethods.TryGet(context.Method, out var category)
            && limiter.Check(CallerIdentity.UserId(context), category) is { } refusal)
        {
            throw refusal.ToRpcException();
        }
    }
}
