using OrleansIm.Gateway.RateLimiting;
using OrleansIm.Gateway.Telemetry;
using OrleansIm.Streaming;

namespace OrleansIm.Gateway.Connections;

/// <summary>One device's live stream at this gateway: who it belongs to, until when its token holds, its outbound queue and its own rate budgets.</summary>
internal sealed class ClientConnection(string userId, string deviceId, DateTimeOffset tokenExpiresAt, string tokenSigningKey, int capacity, long maxQueuedBytes, TimeSpan slowConsumerWindow, CancellationTokenSource closing, BucketSet buckets)
    : OutboundStream(capacity, maxQueuedBytes, closing, slowConsumerWindow)
{
    public string UserId { get; } = userId;

    public string DeviceId { get; } = deviceId;

    public string ConnectionId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The <c>exp</c> of the bearer token the stream was opened with.</summary>
    public DateTimeOffset TokenExpiresAt { get; } = tokenExpiresAt;

    /// <summary>The key that verified that token (<see cref="Auth.SigningKeyIdentity"/>).</summary>
    public string TokenSigningKey { get; } = tokenSigningKey;

    public BucketSet Buckets { get; } = buckets;

    /// <summary>Passes this stream's cursor acks on to its user grain; made on the first ack (read loop only).</summary>
    public CursorAckForwarder? Acks { get; set; }

    protected override void OnResyncRequested() => GatewayMetrics.ResyncRequested();
}
