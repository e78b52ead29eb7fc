using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Rooms;

/// <summary>Which ends of a watch the SDK resumes from, and which it reports as final.</summary>
internal static class RoomWatchResumption
{
    /// <summary>Draining, too slow and an expired token say "watch again" (with a fresh token); a removal or a closed room is final.</summary>
    public static bool IsResumable(RoomClosedCode code) => code is RoomClosedCode.GatewayDraining or RoomClosedCode.TooSlow or RoomClosedCode.TokenExpired;

    /// <summary>
    /// Transport failures: the gateway went away or the connection broke. Refusals (no such
    /// room, removed, not signed in, bad request) are final.
    /// </summary>
    public static bool IsResumable(StatusCode status) =>
        status is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted or StatusCode.Cancelled or StatusCode.DeadlineExceeded;
}
