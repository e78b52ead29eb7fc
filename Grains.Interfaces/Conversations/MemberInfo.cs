using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Conversations;

[GenerateSerializer, Immutable, Alias("OrleansIm.MemberInfo")]
public sealed record MemberInfo(
    [property: Id(0)] string UserId,
    [property: Id(1)] MemberRole Role,
    [property: Id(2)] long JoinedAtMs,
    [property: Id(3)] bool Muted = false);
