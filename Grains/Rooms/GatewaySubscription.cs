using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Grains.Rooms;

/// <summary>One subscribed gateway: where to send, its latest generation and viewer count, and when it last refreshed.</summary>
internal sealed class GatewaySubscription(IRoomGatewayObserver observer, long generation, int viewers, long seenAt)
{
    public IRoomGatewayObserver Observer { get; set; } = observer;
    public long Generation { get; set; } = generation;
    public int Viewers { get; set; } = viewers;
    public long SeenAt { get; set; } = seenAt;
}
