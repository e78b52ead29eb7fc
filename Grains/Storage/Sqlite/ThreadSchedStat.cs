using System.Globalization;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// What the kernel's scheduler says of one thread of this process since it started
/// (<c>/proc/self/task/&lt;tid&gt;/schedstat</c>): time on a core, and time runnable but waiting
/// for one. The second is what starves a thread that everything else waits for.
/// </summary>
public readonly record struct ThreadSchedStat(TimeSpan OnCpu, TimeSpan WaitingForCpu)
{
    /// <summary>The thread's figures, or null off Linux, without scheduler statistics, or once the thread has ended.</summary>
    public static ThreadSchedStat? Read(int threadId)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/self/task/{threadId}/schedstat").Split(' ');
            return new ThreadSchedStat(
                TimeSpan.FromTicks(long.Parse(fields[0], CultureInfo.InvariantCulture) / 100),
                TimeSpan.FromTicks(long.Parse(fields[1], CultureInfo.InvariantCulture) / 100));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }
}
