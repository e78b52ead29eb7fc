namespace OrleansIm.Grains.Interfaces.Users;

[GenerateSerializer, Alias("OrleansIm.ConnectOutcome")]
public sealed record ConnectOutcome([property: Id(0)] long LatestSyncSeq);
