using System.Diagnostics;

namespace OrleansIm.Bench.Relay.Hosting;

/// <summary>
/// GET /debug/memory, in the node's shape, so the harness reads both the same way. The relay
/// has no grains, hence no activation count (-1).
/// </summary>
internal sealed record RelayMemoryReport(long ManagedHeapBytes, long ResidentBytes, int ActivationCount)
{
    public static RelayMemoryReport Measure()
    {
        // Twice, with finalizers in between, so objects kept alive only by a finalizer are gone
        // too and the figure is what the live connections really hold.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new RelayMemoryReport(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, ActivationCount: -1);
    }
}
