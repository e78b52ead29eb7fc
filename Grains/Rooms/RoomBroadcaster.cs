using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Grains.Rooms;

/// <summary>
/// Sends a window's batch to every gateway: directly while they are few, else through relay
/// grains, each of which serves an equal share. Either way the room makes at most
/// max(gateways, relays) calls per window, never one per viewer.
/// </summary>
internal sealed class RoomBroadcaster(string roomId, IGrainFactory grains, LiveRoomOptions options)
{
    private IRoomGatewayObserver[]? _sharedFor;
    private IRoomGatewayObserver[][] _shares = [];

    public long GatewayCalls { get; private set; }

    public long RelayCalls { get; private set; }

    public void Send(RoomBatchRecord batch, IRoomGatewayObserver[] gateways)
    {
        if (gateways.Length <= options.RelayThreshold)
        {
            foreach (var gateway in gateways)
            {
                // One-way: completes at once; a gateway that is gone costs nothing here.
                _ = gateway.Deliver(roomId, batch);
            }
            GatewayCalls += gateways.Length;
            return;
        }
        var shares = SharesFor(gateways);
        for (var i = 0; i < shares.Length; i++)
        {
            _ = grains.GetGrain<IRoomRelayGrain>(RelayKey(roomId, i)).Relay(roomId, batch, shares[i]);
        }
        RelayCalls += shares.Length;
    }

    public static string RelayKey(string roomId, int index) => $"{roomId}/{index}";

    /// <summary>Relay count grows with gateways / threshold, up to MaxRelays; shares are cut once per membership change.</summary>
    private IRoomGatewayObserver[][] SharesFor(IRoomGatewayObserver[] gateways)
    {
        if (ReferenceEquals(gateways, _sharedFor))
        {
            return _shares;
        }
        var relays = Math.Min(options.MaxRelays, (gateways.Length + options.RelayThreshold - 1) / options.RelayThreshold);
        _shares = [.. Enumerable.Range(0, relays).Select(r => gateways.Where((_, i) => i % relays == r).ToArray())];
        _sharedFor = gateways;
        return _shares;
    }
}
