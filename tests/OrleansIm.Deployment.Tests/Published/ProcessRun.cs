using System.Diagnostics;
using System.Text;

namespace OrleansIm.Deployment.Tests.Published;

/// <summary>A command run to its end (kubectl, dotnet publish, the silo's migrate command), with its output kept to explain failures.</summary>
public sealed record ProcessRun(int ExitCode, string Output)
{
    /// <param name="environment">Added to (or replacing) the inherited environment; a null value removes the variable.</param>
    public static async Task<ProcessRun> RunAsync(
        string file,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        output.Append(await stdout).Append(await stderr);
        return new ProcessRun(process.ExitCode, output.ToString());
    }

    public ProcessRun EnsureSucceeded(string what) =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:\n{Output}");
}
