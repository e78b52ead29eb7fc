using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Conversations;

[GenerateSerializer, Immutable, Alias("OrleansIm.ReadPositionInfo")]
public sealed record ReadPositionInfo([property: Id(0)] string UserId, [property: Id(1)] long ReadSeq);
