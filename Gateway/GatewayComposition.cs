using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansIm.Gateway.Auth;
using OrleansIm.Gateway.Connections;
using OrleansIm.Gateway.Errors;
using OrleansIm.Gateway.GrainAccess;
using OrleansIm.Gateway.Health;
using OrleansIm.Gateway.Options;
using OrleansIm.Gateway.RateLimiting;
using OrleansIm.Gateway.Rooms;
using OrleansIm.Gateway.Services;
using OrleansIm.Gateway.Telemetry;
using OrleansIm.Grains.Interfaces.Gateway;

namespace OrleansIm.Gateway;

/// <summary>Wires the gateway into an ASP.NET Core host that already has an Orleans client or silo.</summary>
public static class GatewayComposition
{
    public static IServiceCollection AddImGateway(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddImAuth(configuration, environment);
        services.AddOptions<AdvertisedLimits>().Bind(configuration.GetSection(AdvertisedLimits.SectionName));
        services.TryAddSingleton(TimeProvider.System);

        // Registered as singletons (both are stateless): otherwise gRPC builds each interceptor
        // per call through reflection.
        services.AddSingleton<StatusMappingInterceptor>();
        services.AddGrpc(o =>
        {
            // Outermost first: auth failures are RpcExceptions, which the mapping passes through.
            o.Interceptors.Add<StatusMappingInterceptor>();
            o.Interceptors.Add<BearerAuthInterceptor>();
        });
        services.AddImFlowControl(configuration);
        services.AddOptions<Microsoft.Extensions.Hosting.HostOptions>()
            .Configure<IOptions<GatewayOptions>>((host, gateway) => host.ShutdownTimeout = gateway.Value.DrainTimeout);
        services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>()
            .Configure<IOptions<GatewayOptions>>((grpc, gateway) => grpc.MaxReceiveMessageSize = gateway.Value.MaxReceiveMessageBytes);
        services.AddGrpcReflection();
        services.AddImReadiness(configuration);

        services.AddSingleton<GrainReferences>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<LargeGroups.ConversationWindows>();
        services.AddSingleton(sp => new LargeGroups.HintSpreader(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.LargeGroupHintSpread, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<GatewayObserver>();
        services.AddSingleton<ObserverReference<IGatewayObserver, GatewayObserver>>();
        services.AddSingleton<StreamSessionFactory>();
        services.AddHostedService<ConnectionRefresher>();
        services.AddHostedService<TokenExpiryEnforcer>();
        services.AddHostedService<GatewayDrain>();
        services.AddLiveRooms(configuration);
        services.AddHostedService<GatewayGauges>();
        return services;
    }

    public static IEndpointRouteBuilder MapImGateway(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<ChatGrpcService>().WithMalformedRequestStatus();
        endpoints.MapDevLogin();
        endpoints.MapGrpcService<RoomGrpcService>().WithMalformedRequestStatus();
        endpoints.MapGrpcService<AdminGrpcService>().WithMalformedRequestStatus();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        return endpoints;
    }
}
