using OrleansIm.Gateway.RateLimiting;
using OrleansIm.Gateway.Telemetry;
using OrleansIm.Streaming;

namespace OrleansIm.Gateway.Connections;

/// <summary>One device's live stream at this gateway: who it belongs to, its outbound queue and its own rate budgets.</summary>
internal sealed class ClientConnection(string userId, string deviceId, int capacity, TimeSpan slowConsumerWindow, CancellationTokenSource closing, BucketSet buckets)
    : OutboundStream(capacity, closing, slowConsumerWindow)
{
    public string UserId { get; } = userId;

    public string DeviceId { get; } = deviceId;

    public string ConnectionId { get; } = Guid.NewGuid().ToString("N");

    public BucketSet Buckets { get; } = buckets;

    protected override void OnResyncRequested() => GatewayMetrics.ResyncRequested();
}
