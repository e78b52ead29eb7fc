using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansIm.EndToEnd.Tests.Support;

/// <summary>
/// The node as a user runs it: the built Silo as a separate process, configured through
/// environment variables, on free loopback ports and its own data folder. Can be stopped
/// gracefully (SIGTERM) or killed (SIGKILL) and started again on the same data.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    public const string SigningKey = "e2e-signing-key-0123456789-0123456789-abcdef";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly StringBuilder _output = new();
    private Process? _process;

    public NodeProcess(string? dataDirectory = null)
    {
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("orleansim-e2e-").FullName;
        GrpcPort = FreePort();
        HttpPort = FreePort();
        SiloPort = FreePort();
        OrleansGatewayPort = FreePort();
    }

    public string DataDirectory { get; }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int OrleansGatewayPort { get; }

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public async Task StartAsync()
    {
        var silo = SiloAssembly();
        var start = new ProcessStartInfo("dotnet", [silo])
        {
            WorkingDirectory = Path.GetDirectoryName(silo)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["OrleansIm__Node__GrpcUrl"] = $"http://127.0.0.1:{GrpcPort}";
        start.Environment["OrleansIm__Node__HttpUrl"] = $"http://127.0.0.1:{HttpPort}";
        start.Environment["OrleansIm__Node__SiloPort"] = SiloPort.ToString();
        start.Environment["OrleansIm__Node__OrleansGatewayPort"] = OrleansGatewayPort.ToString();
        start.Environment["OrleansIm__Storage__DataDirectory"] = DataDirectory;
        start.Environment["OrleansIm__Auth__SigningKey"] = SigningKey;
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    /// <summary>SIGTERM, as Kubernetes or Ctrl+C would stop it; waits for the process to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await kill!.WaitForExitAsync();
        }
        await _process.WaitForExitAsync().WaitAsync(StartTimeout);
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine loses power or the process is OOM-killed.</summary>
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

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The node exited with {_process.ExitCode} while starting:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{HttpPort}/readyz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMilliseconds(250)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        throw new TimeoutException($"The node was not ready within {StartTimeout.TotalSeconds}s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The Silo built alongside this test project, in the same configuration.</summary>
    private static string SiloAssembly()
    {
        var here = AppContext.BaseDirectory;
        var dir = new DirectoryInfo(here);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrleansIm.sln")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            throw new InvalidOperationException($"OrleansIm.sln not found above {here}");
        }
        var configuration = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(dir.FullName, "Silo", "bin", configuration, "net10.0", "OrleansIm.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the Silo first ({path} is missing).", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
