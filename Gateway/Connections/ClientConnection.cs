using OrleansIm.Streaming;

namespace OrleansIm.Gateway.Connections;

/// <summary>One device's live stream at this gateway: who it belongs to, and its outbound queue.</summary>
internal sealed class ClientConnection(string userId, string deviceId, int capacity, CancellationTokenSource closing)
    : OutboundStream(capacity, closing)
{
    public string UserId { get; } = userId;

    public string DeviceId { get; } = deviceId;

    public string ConnectionId { get; } = Guid.NewGuid().ToString("N");
}
