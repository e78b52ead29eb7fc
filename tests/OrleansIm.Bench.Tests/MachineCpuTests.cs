using OrleansIm.Bench.Measurement;

namespace OrleansIm.Bench.Tests;

public sealed class MachineCpuTests
{
    [Fact]
    public void Steal_is_read_as_a_part_of_the_machines_busy_time_and_never_runs_backwards()
    {
        var before = MachineCpu.Stolen();
        var busy = MachineCpu.Busy();
        var after = MachineCpu.Stolen();

        Assert.NotNull(before);
        Assert.NotNull(busy);
        Assert.InRange(before!.Value, TimeSpan.Zero, busy!.Value);
        Assert.True(after >= before);
    }
}
