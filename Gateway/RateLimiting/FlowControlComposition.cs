using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansIm.Gateway.Options;

namespace OrleansIm.Gateway.RateLimiting;

/// <summary>
/// Rate limits and the transport's own liveness checks, wired in one place so the gateway's
/// composition stays one line for them.
/// </summary>
internal static class FlowControlComposition
{
    /// <summary>Call after AddGrpc: the interceptor must run inside the auth interceptor, which knows the caller.</summary>
    public static IServiceCollection AddImFlowControl(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddSingleton<GatewayRateLimiter>();
        services.AddSingleton<RateLimitInterceptor>();
        services.AddOptions<GrpcServiceOptions>().Configure(grpc => grpc.Interceptors.Add<RateLimitInterceptor>());

        // HTTP/2 PINGs find a dead TCP connection (a NAT that forgot it, a phone that lost its
        // network) even when no stream on it is active; the stream's own heartbeat covers the
        // streams on live connections.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<GatewayOptions>>((kestrel, gateway) =>
        {
            kestrel.Limits.Http2.KeepAlivePingDelay = gateway.Value.Http2KeepAlivePingDelay;
            kestrel.Limits.Http2.KeepAlivePingTimeout = gateway.Value.Http2KeepAlivePingTimeout;
        });
        return services;
    }
}
