namespace OrleansIm.Bench.Core;

public sealed record LatencySummary(long Count, double P50Ms, double P99Ms, double P999Ms, double MaxMs);
