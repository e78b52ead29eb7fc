using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace OrleansIm.Gateway.Health;

/// <summary>
/// Unready from the moment the host starts stopping: load balancers and the gRPC health
/// service stop sending new clients here while the drain tells the connected ones to move.
/// </summary>
internal sealed class DrainHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("draining: the gateway is shutting down")
            : HealthCheckResult.Healthy("accepting streams"));
}
