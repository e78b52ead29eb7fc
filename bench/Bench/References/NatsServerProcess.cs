using System.Diagnostics;
using System.Text;
using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.References;

/// <summary>
/// A throwaway nats-server (the Debian package) on free loopback ports: the fan-out reference.
/// Ready once its monitoring endpoint answers /healthz; killed on dispose.
/// </summary>
public sealed class NatsServerProcess : IAsyncDisposable
{
    private const string Executable = "nats-server";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NatsServerProcess(Process process, int port, int monitorPort)
    {
        _process = process;
        Port = port;
        MonitorPort = monitorPort;
    }

    public int Port { get; }

    public int MonitorPort { get; }

    /// <summary>The client URL, e.g. nats://127.0.0.1:4222.</summary>
    public string Url => $"nats://127.0.0.1:{Port}";

    public int Pid => _process.Id;

    /// <summary>What the server logged, to explain a failure.</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public ProcessStats Stats() => ProcessStats.Read(Pid);

    public static async Task<NatsServerProcess> StartAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var path = FindExecutable()
            ?? throw new InvalidOperationException($"{Executable} is not installed (not on PATH, nor in /usr/sbin or /usr/bin). Install it with: apt-get install -y nats-server");
        var port = FreePorts.Next();
        var monitorPort = FreePorts.Next();
        var start = new ProcessStartInfo(path, ["-a", "127.0.0.1", "-p", port.ToString(), "-m", monitorPort.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{path} did not start.");
        var server = new NatsServerProcess(process, port, monitorPort);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync(timeout, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    /// <summary>Debian installs it in /usr/sbin, which a non-root PATH often lacks.</summary>
    private static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin"])
            .Select(dir => Path.Combine(dir, Executable))
            .FirstOrDefault(File.Exists);

    private async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var health = new Uri($"http://127.0.0.1:{MonitorPort}/healthz");
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nats-server exited with {_process.ExitCode} while starting:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            // Poll interval while it starts; returns at once if it exits.
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMilliseconds(50), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        throw new TimeoutException($"nats-server was not healthy within {timeout.TotalSeconds:0}s ({health}):\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            // Keep the tail only: slow-consumer warnings during a long run must not grow this without bound.
            if (_output.Length > 100_000)
            {
                _output.Remove(0, _output.Length / 2);
            }
            _output.AppendLine(line);
        }
    }
}
