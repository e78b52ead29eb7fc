using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Conversations;

/// <summary>A user asking to join a group, waiting for an admin's decision.</summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.JoinRequestInfo")]
public sealed record JoinRequestInfo(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Note,
    [property: Id(2)] long RequestedAtMs);
