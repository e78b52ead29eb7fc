using System.Diagnostics;
using OrleansIm.ProcessHost;

namespace OrleansIm.EndToEnd.Tests.Support;

/// <summary>One run of the built CLI, as a user types it: its exit code and what it printed.</summary>
public sealed record CliProcess(int ExitCode, string Output, string Error)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static async Task<CliProcess> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuildOutput.Assembly("Cli", "OrleansIm.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // A default the test did not ask for must not leak in from the machine running it.
        start.Environment.Remove("ORLEANSIM_CA_CERT");
        start.Environment.Remove("ORLEANSIM_SERVER");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The CLI ({string.Join(' ', arguments)}) did not exit within {Timeout.TotalSeconds:0} s.");
        }
        return new CliProcess(process.ExitCode, await output, await error);
    }
}
