using System.Globalization;

namespace OrleansIm.Storage.Tests;

/// <summary>What the kernel says a thread's nice value is, to check what the store asked for.</summary>
internal static class ThreadNiceOnLinux
{
    /// <summary>Field 19 of <c>/proc/self/task/&lt;tid&gt;/stat</c>; the name in field 2 may hold spaces, so fields are counted after its ')'.</summary>
    public static int Read(int threadId)
    {
        var stat = File.ReadAllText($"/proc/self/task/{threadId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }
}
