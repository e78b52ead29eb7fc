using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Users;

[GenerateSerializer, Immutable, Alias("OrleansIm.ConnectOutcome")]
public sealed record ConnectOutcome([property: Id(0)] long LatestSyncSeq);
