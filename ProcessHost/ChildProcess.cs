using System.Diagnostics;
using System.Text;

namespace OrleansIm.ProcessHost;

/// <summary>
/// A .NET program of this repository running as a child process: started with its own
/// environment, ready once an HTTP endpoint answers 2xx, stopped with SIGTERM or SIGKILL.
/// Its output is kept to explain failures.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public int? Pid => _process?.Id;

    public bool IsRunning => _process is { HasExited: false };

    public async Task StartAsync(string assemblyPath, IReadOnlyDictionary<string, string> environment, Uri readinessUrl, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet", [assemblyPath])
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {assemblyPath} did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync(readinessUrl, timeout);
    }

    /// <summary>SIGTERM, as Kubernetes or Ctrl+C stops it; waits for the exit.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process is null)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await kill!.WaitForExitAsync();
        }
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses power or the process is OOM-killed.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public ProcessStats Stats() =>
        _process is null ? throw new InvalidOperationException("The process is not running.") : ProcessStats.Read(_process.Id);

    public ValueTask DisposeAsync() => new(KillAsync());

    private async Task WaitUntilReadyAsync(Uri readinessUrl, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The process exited with {_process.ExitCode} while starting:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync(readinessUrl);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening or not answering yet.
            }
            // Poll interval while the process starts; returns early if it exits.
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMilliseconds(250)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        throw new TimeoutException($"Not ready within {timeout.TotalSeconds}s ({readinessUrl}):\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            // Keep the tail only: a long benchmark must not grow this without bound.
            if (_output.Length > 1_000_000)
            {
                _output.Remove(0, _output.Length / 2);
            }
            _output.AppendLine(line);
        }
    }
}
