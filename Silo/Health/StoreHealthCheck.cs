using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansIm.Grains.Storage;

namespace OrleansIm.Silo.Health;

/// <summary>Ready only while the message store answers a read.</summary>
internal sealed class StoreHealthCheck(IMessageStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.GetLastSeqAsync("g:health-probe", cancellationToken);
            return HealthCheckResult.Healthy("message store reachable");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("message store unreachable", ex);
        }
    }
}
