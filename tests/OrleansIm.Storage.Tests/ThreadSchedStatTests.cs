using System.Diagnostics;
using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Storage.Tests;

public sealed class ThreadSchedStatTests
{
    [Fact]
    public void A_threads_time_on_a_core_grows_while_it_works()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(ThreadNice.CurrentThreadId());
            return;
        }
        var thread = ThreadNice.CurrentThreadId()!.Value;
        var before = ThreadSchedStat.Read(thread);
        Assert.NotNull(before);

        // Work on this thread until the kernel has counted some of it (a fresh read each time).
        var worked = Stopwatch.StartNew();
        ThreadSchedStat? after;
        do
        {
            after = ThreadSchedStat.Read(thread);
        }
        while (after?.OnCpu <= before.Value.OnCpu && worked.Elapsed < TimeSpan.FromSeconds(30));

        Assert.True(after?.OnCpu > before.Value.OnCpu, "the thread's time on a core never grew");
        Assert.True(after.Value.WaitingForCpu >= before.Value.WaitingForCpu);
    }

    [Fact]
    public void A_thread_that_is_not_there_has_no_figures()
    {
        Assert.Null(ThreadSchedStat.Read(int.MaxValue));
    }
}
