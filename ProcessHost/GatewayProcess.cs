namespace OrleansIm.ProcessHost;

/// <summary>
/// A standalone gateway as a user runs it: the built Gateway (an Orleans client serving the gRPC
/// API) in its own process on free loopback ports, configured through environment variables,
/// ready once it reaches an active silo.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly ChildProcess _process = new();
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly bool _tls;

    /// <param name="settings">Cluster settings (<see cref="ClusterSettings"/>) and any extra configuration.</param>
    /// <param name="tls">Serve gRPC on https:// (the settings then name the certificate under OrleansIm:Tls).</param>
    public GatewayProcess(IReadOnlyDictionary<string, string> settings, bool tls = false)
    {
        _settings = settings;
        _tls = tls;
        GrpcPort = FreePorts.Next();
        HttpPort = FreePorts.Next();
    }

    public int GrpcPort { get; private set; }

    public int HttpPort { get; private set; }

    public Uri GrpcAddress => new($"{(_tls ? "https" : "http")}://127.0.0.1:{GrpcPort}");

    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");

    public string Output => _process.Output;

    public bool IsRunning => _process.IsRunning;

    public ProcessStats Stats() => _process.Stats();

    public Task StartAsync() => PortRetry.StartAsync(() => StartOnceAsync("/readyz"), _process, PickNewPorts);

    /// <summary>Starts the gateway and returns once it is live (/healthz), whether or not it has reached a silo yet.</summary>
    public Task StartLiveAsync() => PortRetry.StartAsync(() => StartOnceAsync("/healthz"), _process, PickNewPorts);

    /// <summary>SIGTERM: the gateway drains (tells its clients to reconnect elsewhere) and exits.</summary>
    public Task StopAsync() => _process.StopAsync(StartTimeout);

    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private void PickNewPorts()
    {
        GrpcPort = FreePorts.Next();
        HttpPort = FreePorts.Next();
    }

    private Task StartOnceAsync(string probePath)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["OrleansIm__GatewayHost__GrpcUrl"] = GrpcAddress.ToString().TrimEnd('/'),
            ["OrleansIm__GatewayHost__HttpUrl"] = HttpAddress.ToString().TrimEnd('/'),
            ["OrleansIm__Auth__SigningKey"] = NodeProcess.SigningKey,
            // Child processes listen on 127.0.0.1 in cleartext h2c, which must be asked for explicitly.
            ["OrleansIm__Tls__AllowCleartextOnLoopback"] = "true",
        };
        foreach (var (key, value) in _settings)
        {
            environment[key.Replace(":", "__")] = value;
        }
        return _process.StartAsync(BuildOutput.Assembly("Gateway", "OrleansIm.Gateway.dll"), environment, new Uri(HttpAddress, probePath), StartTimeout);
    }
}
