using System.Diagnostics;

namespace OrleansIm.Bench.Measurement;

/// <summary>
/// Busy CPU time of the whole machine and of this process. The machines this runs on are shared:
/// a compile or a test suite beside one target and not the next skews their ratio, and what the
/// machine did beyond the harness, the target and its database shows that in the results.
/// </summary>
public static class MachineCpu
{
    // USER_HZ is 100 on every Linux this runs on (fixed by the kernel ABI for /proc).
    private const double ClockTicksPerSecond = 100;

    /// <summary>All cores together; null where /proc/stat is missing (not Linux).</summary>
    public static TimeSpan? Busy()
    {
        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": user, nice,
        // system and steal (another tenant of the host). Interrupt time is left out: processes are
        // not charged for it, so it would count the harness's own loopback traffic as other work.
        return Sum(1, 2, 3, 8);
    }

    /// <summary>
    /// Time the hypervisor gave this machine's cores to someone else (part of <see cref="Busy"/>):
    /// on a virtual machine, steal during a phase stalls the harness and the target alike.
    /// </summary>
    public static TimeSpan? Stolen() => Sum(8);

    private static TimeSpan? Sum(params int[] columns)
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = columns.Sum(i => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture));
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    public static TimeSpan Harness()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
