namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>
/// Counters of one room activation, for metrics and tests: how many windows went out and how
/// many grain calls that took. With G gateways and no relays, GatewayCalls = Windows x G.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.RoomStats")]
public sealed record RoomStats(
    [property: Id(0)] long Windows,
    [property: Id(1)] long GatewayCalls,
    [property: Id(2)] long RelayCalls,
    [property: Id(3)] int Gateways,
    [property: Id(4)] long ViewerCount,
    [property: Id(5)] long Accepted,
    [property: Id(6)] long ShedChat,
    [property: Id(7)] long ShedLike);
