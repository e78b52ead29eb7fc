using Microsoft.AspNetCore.Builder;
using OrleansIm.Silo.Hosting;

namespace OrleansIm.Gateway.Tests.Support;

/// <summary>A real node (silo + gateway + SQLite) in this process, on free loopback ports and its own data folder.</summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string SigningKey = "test-signing-key-0123456789-0123456789-abcdef";

    private WebApplication? _app;

    private readonly Action<WebApplicationBuilder>? _configure;
    private readonly bool _tls;

    private TestNode(string dataDirectory, IReadOnlyDictionary<string, string> settings, Action<WebApplicationBuilder>? configure, bool tls)
    {
        DataDirectory = dataDirectory;
        Settings = settings;
        _configure = configure;
        _tls = tls;
    }

    public string DataDirectory { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public int GrpcPort { get; private set; }

    public int HttpPort { get; private set; }

    /// <summary>The silo's Orleans client port, for standalone gateways to connect to.</summary>
    public int OrleansGatewayPort { get; private set; }

    /// <summary>https:// when started with TLS (the settings then name the certificate).</summary>
    public Uri GrpcAddress => new($"{(_tls ? "https" : "http")}://127.0.0.1:{GrpcPort}");

    public IServiceProvider Services => _app!.Services;

    /// <param name="configure">Runs on the host builder before the node's own wiring (extra services, log capture).</param>
    /// <param name="tls">Serve gRPC on https:// (settings must name the certificate under OrleansIm:Tls).</param>
    public static async Task<TestNode> StartAsync(string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null, Action<WebApplicationBuilder>? configure = null, bool tls = false)
    {
        var node = new TestNode(dataDirectory ?? Directory.CreateTempSubdirectory("orleansim-test-").FullName, settings ?? new Dictionary<string, string>(), configure, tls);
        await node.StartAsync();
        return node;
    }

    /// <summary>Builds and starts a node that is expected to refuse to start; returns why it refused (null if it started).</summary>
    public static async Task<Exception?> FailToStartAsync(IReadOnlyDictionary<string, string> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var node = new TestNode(Directory.CreateTempSubdirectory("orleansim-test-").FullName, settings, configure, tls: false);
        try
        {
            await node.StartOnFreshPortsAsync();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
        finally
        {
            // A host that failed to start cannot be stopped (Orleans refuses); it is only disposed.
            if (node._app is not null)
            {
                await node._app.DisposeAsync();
                node._app = null;
            }
            await node.DisposeAsync();
        }
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
        // Four different ports: the OS may hand out a just-released port twice in a row.
        var ports = FreePort.Distinct(4);
        GrpcPort = ports[0];
        HttpPort = ports[1];
        OrleansGatewayPort = ports[3];
        var args = new List<string>
        {
            "--environment=Development",
            $"--OrleansIm:Node:GrpcUrl={GrpcAddress.ToString().TrimEnd('/')}",
            $"--OrleansIm:Node:HttpUrl=http://127.0.0.1:{HttpPort}",
            $"--OrleansIm:Node:SiloPort={ports[2]}",
            $"--OrleansIm:Node:OrleansGatewayPort={OrleansGatewayPort}",
            $"--OrleansIm:Storage:DataDirectory={DataDirectory}",
            $"--OrleansIm:Auth:SigningKey={SigningKey}",
            "--OrleansIm:Tls:AllowCleartextOnLoopback=true",
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(Settings.Select(s => $"--{s.Key}={s.Value}"));
        var app = await NodeHost.BuildAsync([.. args], _configure);
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
