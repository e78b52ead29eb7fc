using System.Diagnostics;

namespace OrleansIm.Silo.Diagnostics;

/// <summary>The managed heap after a full, compacting collection, plus the process's resident memory.</summary>
public sealed record MemoryReport(long ManagedHeapBytes, long ResidentBytes, int ActivationCount)
{
    public static MemoryReport Measure(int activationCount)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new MemoryReport(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, activationCount);
    }
}
