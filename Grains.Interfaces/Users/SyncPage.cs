using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Users;

[GenerateSerializer, Immutable, Alias("OrleansIm.SyncPage")]
public sealed record SyncPage(
    [property: Id(0)] SyncEventRecord[] Events,
    [property: Id(1)] bool HasMore,
    [property: Id(2)] long LatestSyncSeq);
