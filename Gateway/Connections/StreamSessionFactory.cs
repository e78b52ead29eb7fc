using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansIm.Gateway.GrainAccess;
using OrleansIm.Gateway.Options;
using OrleansIm.Gateway.RateLimiting;
using OrleansIm.Grains.Interfaces.Gateway;

namespace OrleansIm.Gateway.Connections;

/// <summary>Builds a <see cref="StreamSession"/> per Connect call from the gateway's singletons.</summary>
internal sealed class StreamSessionFactory(
    GrainReferences grains,
    ConnectionRegistry registry,
    ObserverReference<IGatewayObserver, GatewayObserver> observer,
    IOptions<GatewayOptions> options,
    IOptions<AdvertisedLimits> limits,
    GatewayRateLimiter limiter,
    TimeProvider time,
    ILogger<StreamSession> logger)
{
    public StreamSession Create() => new(grains, registry, observer, options.Value, limits.Value, limiter, time, logger);
}
