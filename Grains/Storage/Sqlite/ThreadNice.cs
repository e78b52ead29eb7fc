using System.Runtime.InteropServices;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// A thread's scheduling priority. On Linux every thread has its own nice value
/// (<c>setpriority(PRIO_PROCESS, tid, …)</c>); .NET's <see cref="Thread.Priority"/> does not
/// reach it there, so it is set directly. Elsewhere <see cref="Thread.Priority"/> is the lever.
/// </summary>
internal static class ThreadNice
{
    private const int PrioProcess = 0;
    private const int EPerm = 1;
    private const int EAcces = 13;

    /// <summary>Sets the calling thread's nice value (−20 highest … 19 lowest); null once done, else why it was not.</summary>
    public static string? TrySetForCurrentThread(int nice)
    {
        // A priority is an optimisation: whatever goes wrong here must not stop the caller (the
        // store's writer) from doing its work, so every failure becomes the answer.
        try
        {
            if (!OperatingSystem.IsLinux())
            {
                Thread.CurrentThread.Priority = nice < 0 ? ThreadPriority.Highest : nice > 0 ? ThreadPriority.BelowNormal : ThreadPriority.Normal;
                return null;
            }
            if (SetPriority(PrioProcess, GetTid(), nice) == 0)
            {
                return null;
            }
            var error = Marshal.GetLastPInvokeError();
            return error is EPerm or EAcces
                ? $"raising a thread's priority needs root, CAP_SYS_NICE or a matching RLIMIT_NICE (errno {error})"
                : $"setpriority failed (errno {error})";
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    /// <summary>The calling thread's id as the kernel knows it (what <c>/proc/self/task</c> lists), or null off Linux.</summary>
    public static int? CurrentThreadId()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        try
        {
            return GetTid();
        }
        catch (EntryPointNotFoundException)
        {
            // A C library older than gettid (glibc 2.30): the priority was refused for the same reason.
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();
}
