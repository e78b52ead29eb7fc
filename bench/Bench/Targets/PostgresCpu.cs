using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Targets;

/// <summary>
/// CPU time of a local PostgreSQL server: the postmaster, every process it runs now (one backend
/// per connection, the WAL writer, the checkpointer, ...) and the ones that already exited. The
/// node on SQLite pays for its storage in its own process; on PostgreSQL that work moves here,
/// and on 2 shared cores it competes with the node and the load generator.
/// </summary>
public static class PostgresCpu
{
    // USER_HZ is 100 on every Linux this runs on (fixed by the kernel ABI for /proc).
    private const double ClockTicksPerSecond = 100;

    /// <summary>Null when the server's pid cannot be found: a missing figure, not a failed benchmark.</summary>
    public static TimeSpan? Read(PostgresServer server)
    {
        if (PostmasterPid(server) is not { } postmaster)
        {
            return null;
        }
        var ticks = 0L;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || Stat(pid) is not { } stat)
            {
                continue;
            }
            if (pid == postmaster)
            {
                // Exited children's time is added to their parent's cutime and cstime when it reaps them.
                ticks += stat.Own + stat.ReapedChildren;
            }
            else if (stat.ParentPid == postmaster)
            {
                ticks += stat.Own;
            }
        }
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary>The socket's lock file, in the folder the server was told to put its socket in, starts with the postmaster's pid.</summary>
    private static int? PostmasterPid(PostgresServer server)
    {
        var lockFile = Path.Combine(server.Root, $".s.PGSQL.{server.Port}.lock");
        try
        {
            return int.TryParse(File.ReadLines(lockFile).FirstOrDefault()?.Trim(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Parent pid, the process's own user + system ticks, and those of its reaped children.</summary>
    private static (int ParentPid, long Own, long ReapedChildren)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            // The process exited while the folder was listed.
            return null;
        }
        // The command name (field 2) may hold spaces: count from the closing parenthesis, after
        // which come field 3 (state), 4 (ppid), ..., 14-17 (utime, stime, cutime, cstime).
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]), long.Parse(fields[13]) + long.Parse(fields[14]));
    }
}
