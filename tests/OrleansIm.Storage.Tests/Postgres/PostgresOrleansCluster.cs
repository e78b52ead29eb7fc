using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansIm.Grains.Storage.Postgres;
using OrleansIm.ProcessHost;

namespace OrleansIm.Storage.Tests.Postgres;

/// <summary>
/// Real silos and a client on loopback TCP, configured as a production cluster is: they know no
/// addresses of each other and find each other only through the ADO.NET membership table on
/// PostgreSQL; reminders live there too.
/// </summary>
public sealed class PostgresOrleansCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos = [];
    private IHost? _client;

    private PostgresOrleansCluster(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public string ClusterId { get; } = "cluster-" + Guid.NewGuid().ToString("N")[..8];

    public string ServiceId { get; } = "service-" + Guid.NewGuid().ToString("N")[..8];

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts <paramref name="silos"/> silos one after another, then a client.</summary>
    public static async Task<PostgresOrleansCluster> StartAsync(string connectionString, int silos)
    {
        var cluster = new PostgresOrleansCluster(connectionString);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                await cluster.StartSiloAsync(i);
            }

            await cluster.StartClientAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Shuts a silo down gracefully, as a rolling update or a scale-down does.</summary>
    public async Task StopSiloAsync(int index)
    {
        await _silos[index].StopAsync();
        _silos[index].Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in new[] { _client }.Concat(_silos).OfType<IHost>())
        {
            try
            {
                await host.StopAsync();
            }
            catch (ObjectDisposedException)
            {
                // Stopped and disposed by the test already.
            }

            host.Dispose();
        }
    }

    private async Task StartSiloAsync(int index)
    {
        var builder = NewHostBuilder($"silo-{index}");
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(Identify);
            silo.ConfigureEndpoints(IPAddress.Loopback, FreePorts.Next(), FreePorts.Next());
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresStoreOptions.OrleansInvariant;
                o.ConnectionString = ConnectionString;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = PostgresStoreOptions.OrleansInvariant;
                o.ConnectionString = ConnectionString;
            });
            // Lets a test's reminder tick within seconds instead of the production minimum of a minute.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        var host = builder.Build();
        _silos.Add(host);
        await host.StartAsync();
    }

    private async Task StartClientAsync()
    {
        var builder = NewHostBuilder("client");
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(Identify);
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresStoreOptions.OrleansInvariant;
                o.ConnectionString = ConnectionString;
            });
        });
        _client = builder.Build();
        await _client.StartAsync();
    }

    private void Identify(ClusterOptions options)
    {
        options.ClusterId = ClusterId;
        options.ServiceId = ServiceId;
    }

    private static HostApplicationBuilder NewHostBuilder(string name) => Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
    {
        ApplicationName = name,
        EnvironmentName = Environments.Development,
        DisableDefaults = true,
    });
}
