using Microsoft.AspNetCore.Builder;
using OrleansIm.Silo.Hosting;

namespace OrleansIm.Gateway.Tests.Support;

/// <summary>A real node (silo + gateway + SQLite) in this process, on free loopback ports and its own data folder.</summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string SigningKey = "test-signing-key-0123456789-0123456789-abcdef";

    private WebApplication? _app;

    private TestNode(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        DataDirectory = dataDirectory;
        Settings = settings;
    }

    public string DataDirectory { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public int GrpcPort { get; private set; }

    public int HttpPort { get; private set; }

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    public IServiceProvider Services => _app!.Services;

    public static async Task<TestNode> StartAsync(string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var node = new TestNode(dataDirectory ?? Directory.CreateTempSubdirectory("orleansim-test-").FullName, settings ?? new Dictionary<string, string>());
        await node.StartAsync();
        return node;
    }

    /// <summary>Stops the node (as a host shutdown would) and starts a new one on the same data folder.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>
    /// Free ports are only free when asked: another process (test projects run in parallel) may
    /// take one before this node binds it. Such a start is retried on fresh ports.
    /// </summary>
    private async Task StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnFreshPortsAsync();
                return;
            }
            catch (Exception ex) when (attempt < 5 && IsAddressInUse(ex))
            {
                await StopAsync();
            }
        }
    }

    private static bool IsAddressInUse(Exception ex) =>
        ex is Microsoft.AspNetCore.Connections.AddressInUseException
        || (ex is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
        || (ex.InnerException is { } inner && IsAddressInUse(inner))
        || (ex is AggregateException aggregate && aggregate.InnerExceptions.Any(IsAddressInUse));

    private async Task StartOnFreshPortsAsync()
    {
        GrpcPort = FreePort.Next();
        HttpPort = FreePort.Next();
        var args = new List<string>
        {
            "--environment=Development",
            $"--OrleansIm:Node:GrpcUrl=http://127.0.0.1:{GrpcPort}",
            $"--OrleansIm:Node:HttpUrl=http://127.0.0.1:{HttpPort}",
            $"--OrleansIm:Node:SiloPort={FreePort.Next()}",
            $"--OrleansIm:Node:OrleansGatewayPort={FreePort.Next()}",
            $"--OrleansIm:Storage:DataDirectory={DataDirectory}",
            $"--OrleansIm:Auth:SigningKey={SigningKey}",
            "--OrleansIm:Tls:AllowCleartextOnLoopback=true",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(Settings.Select(s => $"--{s.Key}={s.Value}"));
        var app = await NodeHost.BuildAsync([.. args]);
        _app = app;
        await app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
