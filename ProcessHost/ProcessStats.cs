namespace OrleansIm.ProcessHost;

/// <summary>CPU time and memory of a Linux process, read from /proc (no tool needed, no overhead).</summary>
public sealed record ProcessStats(TimeSpan CpuTime, long ResidentBytes, long PeakResidentBytes)
{
    public static ProcessStats Read(int pid)
    {
        // /proc/<pid>/stat: fields 14 and 15 are utime and stime in clock ticks; the command
        // name (field 2) may hold spaces, so count from the closing parenthesis.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        var cpu = TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
        }
        return new ProcessStats(cpu, rss, peak);
    }

    // USER_HZ is 100 on every Linux this runs on (it is fixed by the kernel ABI for /proc).
    private const int ClockTicksPerSecond = 100;

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}
