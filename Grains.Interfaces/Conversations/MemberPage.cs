using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Conversations;

/// <summary>One page of a group's members in user id order; the next page starts after the last id.</summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.MemberPage")]
public sealed record MemberPage(
    [property: Id(0)] MemberInfo[] Members,
    [property: Id(1)] bool HasMore,
    [property: Id(2)] int MemberCount);
