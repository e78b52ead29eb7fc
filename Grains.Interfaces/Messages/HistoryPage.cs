using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Messages;

[GenerateSerializer, Immutable, Alias("OrleansIm.HistoryPage")]
public sealed record HistoryPage(
    [property: Id(0)] MessageRecord[] Messages,
    [property: Id(1)] bool HasMore,
    [property: Id(2)] long LastSeq);
