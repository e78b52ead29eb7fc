using System.Text.Json.Nodes;
using OrleansIm.Deployment.Tests.Manifests;
using OrleansIm.Deployment.Tests.Rendering;
using OrleansIm.ProcessHost;

namespace OrleansIm.Deployment.Tests.Published;

/// <summary>
/// The production overlay run without Kubernetes: the silo and the gateway published as their
/// Dockerfiles publish them, started with their ENTRYPOINT and exactly the environment the
/// rendered manifests give their containers (the migrate init container first).
///
/// Only what does not exist on this machine is substituted, each the way the cluster would
/// supply it: the pod IP is 127.0.0.2 (a loopback address, and not the app's default 127.0.0.1, so
/// a silo that ignored the downward API would be caught); the operator's orleansim-postgres
/// Secret holds the connection string of a throwaway PostgreSQL in place of the external one; and
/// the Secret volumes (TLS key pair, JWKS) are folders made by <see cref="OperatorSecrets"/>,
/// with paths under the mounts rewritten to them. Ports are the manifests' own.
/// </summary>
public sealed class PublishedDeployment : IAsyncLifetime
{
    public const string PodIp = "127.0.0.2";

    // Set by the aspnet base image; the apps must not depend on them (Kestrel's own endpoints win over ASPNETCORE_HTTP_PORTS).
    private static readonly Dictionary<string, string> ImageEnvironment = new()
    {
        ["ASPNETCORE_HTTP_PORTS"] = "8080",
        ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
        ["APP_UID"] = "1654",
    };

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);

    private readonly List<IDisposable> _published = [];
    private PostgresServer? _postgres;
    private string _connectionString = "";

    public OperatorSecrets Secrets { get; } = new();

    public RenderedOverlay Overlay { get; private set; } = null!;

    public ProcessRun Migration { get; private set; } = null!;

    public ChildProcess SiloProcess { get; } = new();

    public ChildProcess GatewayProcess { get; } = new();

    /// <summary>The silo container as started: its environment and the configuration the process bound from it.</summary>
    public HostPod Silo { get; private set; } = null!;

    public HostPod Gateway { get; private set; } = null!;

    public string ConnectionString => _connectionString;

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // A fixture that fails to start is not disposed by xunit: stop what did start.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        Overlay = await RenderedOverlay.LoadAsync(Overlays.Production);
        _postgres = await PostgresServer.StartAsync();
        _connectionString = await _postgres.CreateDatabaseAsync("orleansim");
        // One after the other: both build the shared projects.
        var silo = await PublishAsync("Silo");
        var gateway = await PublishAsync("Gateway");

        var siloPod = Overlay.Deployment(HostPod.SiloDeployment);
        var migrate = siloPod.Container("migrate");
        Migration = await ProcessRun.RunAsync("dotnet", [silo.EntryAssembly, .. migrate.Strings("args")], StartTimeout, silo.Directory,
            PodEnvironment(siloPod, migrate, "orleansim-silo-0").ToDictionary(e => e.Key, string? (e) => e.Value));
        Migration.EnsureSucceeded("The migrate init container");

        Silo = Pod(siloPod, "silo", "Silo");
        await SiloProcess.StartAsync(silo.EntryAssembly, Silo.Environment, ProbeUrl(Silo, "readinessProbe"), StartTimeout);
        Gateway = Pod(Overlay.Deployment(HostPod.GatewayDeployment), "gateway", "Gateway");
        await GatewayProcess.StartAsync(gateway.EntryAssembly, Gateway.Environment, ProbeUrl(Gateway, "readinessProbe"), StartTimeout);
    }

    /// <summary>The URL the kubelet probes: the pod IP, the probe's port and path.</summary>
    public static Uri ProbeUrl(HostPod pod, string probe) =>
        new($"http://{PodIp}:{pod.ProbePort(probe)}{pod.Container.Text(probe, "httpGet", "path")}");

    public async Task DisposeAsync()
    {
        // SIGTERM, as the kubelet stops pods: the gateway drains, the silo leaves the cluster.
        await StopAsync(GatewayProcess);
        await StopAsync(SiloProcess);
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        foreach (var published in _published)
        {
            published.Dispose();
        }
        Secrets.Dispose();
    }

    private async Task<PublishedApp> PublishAsync(string project)
    {
        var app = await PublishedApp.PublishAsync(project);
        _published.Add(app);
        return app;
    }

    private HostPod Pod(PodWorkload workload, string container, string projectFolder)
    {
        var main = workload.Container(container);
        var environment = PodEnvironment(workload, main, workload.Name + "-0");
        return new HostPod(Overlay, workload, main, environment, AppConfiguration.For(projectFolder, environment));
    }

    private Dictionary<string, string> PodEnvironment(PodWorkload workload, JsonObject container, string podName)
    {
        var pod = new PodContext
        {
            PodIp = PodIp,
            PodName = podName,
            OperatorSecret = (name, key) => (name, key) == ("orleansim-postgres", "connection-string") ? _connectionString : null,
        };
        var environment = new Dictionary<string, string>(ImageEnvironment);
        foreach (var (key, value) in ContainerEnvironment.Resolve(Overlay, workload, container, pod))
        {
            environment[key] = value;
        }
        foreach (var (mountPath, secret) in workload.Mounts(container))
        {
            if (secret is null)
            {
                continue;
            }
            var folder = Secrets.VolumeOf(secret) ?? throw new InvalidOperationException($"The test makes no Secret {secret} for {workload.Name}.");
            foreach (var key in environment.Keys.ToList())
            {
                if (environment[key].StartsWith(mountPath + "/", StringComparison.Ordinal))
                {
                    environment[key] = folder + environment[key][mountPath.Length..];
                }
            }
        }
        return environment;
    }

    private static async Task StopAsync(ChildProcess process)
    {
        if (process.IsRunning)
        {
            try
            {
                await process.StopAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                await process.KillAsync();
            }
        }
    }
}
