using OrleansIm.Bench.Relay.Routing;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Relay.Connections;

/// <summary>
/// The answer to a pull. The relay keeps no history, so it has no events to return, only the
/// fact that some can never come: one kindless marker at the highest sync seq this device
/// cannot get (from before it connected, or dropped by its full queue). The SDK treats a
/// pulled event past a hole as "the hole does not exist" and moves its cursor past it, as it
/// must for a store that lost events; without the marker a client that reconnects, or a new
/// client of a user that already has events, would wait for that hole forever.
/// </summary>
internal static class SyncAnswer
{
    public static SyncResponse For(RelayUser user, RelayConnection connection, long after)
    {
        var response = new SyncResponse { HasMore = false, LatestSyncSeq = user.LatestSyncSeq };
        var hole = connection.UnrecoverableThrough;
        if (hole > after)
        {
            response.Events.Add(new SyncEvent { SyncSeq = hole });
        }
        return response;
    }
}
