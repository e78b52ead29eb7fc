namespace OrleansIm.ProcessHost;

/// <summary>
/// The node (silo + gateway) as a user runs it: the built Silo in its own process, configured
/// through environment variables, on free loopback ports and its own data folder. It can be
/// stopped gracefully or killed and started again on the same data and ports. With PostgreSQL
/// settings (<see cref="ClusterSettings"/>) it is one silo of a cluster.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    public const string SigningKey = "local-signing-key-0123456789-0123456789-abcdef";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly ChildProcess _process = new();
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly bool _ownsDataDirectory;

    /// <param name="settings">Extra configuration, e.g. ["OrleansIm:Gateway:HeartbeatInterval"] = "00:00:01".</param>
    public NodeProcess(string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("orleansim-node-").FullName;
        _settings = settings ?? new Dictionary<string, string>();
        GrpcPort = FreePorts.Next();
        HttpPort = FreePorts.Next();
        SiloPort = FreePorts.Next();
        OrleansGatewayPort = FreePorts.Next();
    }

    public string DataDirectory { get; }

    public int GrpcPort { get; private set; }

    public int HttpPort { get; private set; }

    public int SiloPort { get; private set; }

    public int OrleansGatewayPort { get; private set; }

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");

    public string Output => _process.Output;

    public ProcessStats Stats() => _process.Stats();

    /// <summary>
    /// Starts the node and waits until it is ready. A port picked as free can be taken by another
    /// process before the node binds it; the node then exits at once and is started again on
    /// fresh ports (the data folder stays).
    /// </summary>
    public Task StartAsync() => PortRetry.StartAsync(StartOnceAsync, _process, () =>
    {
        GrpcPort = FreePorts.Next();
        HttpPort = FreePorts.Next();
        SiloPort = FreePorts.Next();
        OrleansGatewayPort = FreePorts.Next();
    });

    private Task StartOnceAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["OrleansIm__Node__GrpcUrl"] = GrpcAddress.ToString().TrimEnd('/'),
            ["OrleansIm__Node__HttpUrl"] = HttpAddress.ToString().TrimEnd('/'),
            ["OrleansIm__Node__SiloPort"] = SiloPort.ToString(),
            ["OrleansIm__Node__OrleansGatewayPort"] = OrleansGatewayPort.ToString(),
            ["OrleansIm__Storage__DataDirectory"] = DataDirectory,
            ["OrleansIm__Auth__SigningKey"] = SigningKey,
            // Child processes listen on 127.0.0.1 in cleartext h2c, which must be asked for explicitly.
            ["OrleansIm__Tls__AllowCleartextOnLoopback"] = "true",
        };
        foreach (var (key, value) in _settings)
        {
            environment[key.Replace(":", "__")] = value;
        }
        return _process.StartAsync(BuildOutput.Assembly("Silo", "OrleansIm.Silo.dll"), environment, new Uri(HttpAddress, "/readyz"), StartTimeout);
    }

    public Task StopAsync() => _process.StopAsync(StartTimeout);

    public Task KillAsync() => _process.KillAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (_ownsDataDirectory)
        {
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
}
