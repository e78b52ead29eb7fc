namespace OrleansIm.Bench.Scenarios.Idle;

/// <summary>One answer of GET /debug/memory, taken after the server forced full collections.</summary>
/// <param name="ActivationCount">The silo's activations; -1 on a target without grains.</param>
internal sealed record MemorySnapshot(long ManagedHeapBytes, long ResidentBytes, int ActivationCount);
