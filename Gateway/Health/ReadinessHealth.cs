using Grpc.AspNetCore.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Health;

/// <summary>
/// One notion of "ready" for HTTP and gRPC: the checks tagged <see cref="Tag"/> (silo active and
/// store reachable on a node, cluster reachable on a standalone gateway, not draining on both)
/// decide /readyz and the gRPC health status of the whole server ("") and of each im.v1 service.
/// </summary>
public static class ReadinessHealth
{
    public const string Tag = "ready";

    /// <summary>The service names the gRPC health service answers for, besides "" (the whole server).</summary>
    public static readonly string[] GrpcServices =
    [
        ChatService.Descriptor.FullName,
        RoomService.Descriptor.FullName,
        AdminService.Descriptor.FullName,
        AuthService.Descriptor.FullName,
    ];

    internal static IServiceCollection AddImReadiness(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        services.AddOptions<HealthCheckPublisherOptions>().Configure<IOptions<HealthOptions>>((publisher, health) =>
        {
            publisher.Delay = TimeSpan.Zero;
            publisher.Period = health.Value.WatchPeriod;
            publisher.Predicate = check => check.Tags.Contains(Tag);
        });
        services.AddGrpcHealthChecks(o =>
        {
            o.Services.Clear();
            o.Services.Map("", IsReadiness);
            foreach (var service in GrpcServices)
            {
                o.Services.Map(service, IsReadiness);
            }
        }).AddCheck<DrainHealthCheck>("drain", tags: [Tag]);
        return services;
    }

    private static bool IsReadiness(HealthCheckMapContext check) => check.Tags.Contains(Tag);
}
