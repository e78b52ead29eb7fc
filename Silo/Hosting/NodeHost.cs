using System.Net;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansIm.Gateway;
using OrleansIm.Grains.Options;
using OrleansIm.Grains.Storage;
using OrleansIm.Grains.Storage.Sqlite;
using OrleansIm.Silo.Diagnostics;
using OrleansIm.Silo.Health;
using OrleansIm.Silo.Recovery;

namespace OrleansIm.Silo.Hosting;

/// <summary>
/// Builds one node: silo, embedded storage and the co-hosted gateway. Tests build nodes the
/// same way, with their own ports and data folder.
/// </summary>
public static class NodeHost
{
    public const string StorageSection = "OrleansIm:Storage";

    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        var node = builder.Configuration.GetSection(NodeOptions.SectionName).Get<NodeOptions>() ?? new NodeOptions();
        node.Validate();
        var storage = builder.Configuration.GetSection(StorageSection).Get<SqliteStoreOptions>() ?? new SqliteStoreOptions();
        storage.Validate();

        // Open (and migrate) the database before Orleans starts: its grain storage provider
        // reads its queries from the schema at start-up.
        var store = await SqliteMessageStore.OpenAsync(storage);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IMessageStore>(store);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<MessagingOptions>().Bind(builder.Configuration.GetSection(MessagingOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(node.SiloPort, node.OrleansGatewayPort, serviceId: node.ServiceId, clusterId: node.ClusterId);
            silo.AddAdoNetGrainStorage("im", options => options.Configure<Serializer>((o, serializer) =>
            {
                o.Invariant = "System.Data.SQLite";
                o.ConnectionString = storage.GetGrainStateConnectionString();
                // Binary state with stable [Id]s and [Alias]es: renaming a state type does not
                // orphan stored state, unlike the default JSON with type names.
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        });

        builder.Services.AddImGateway(builder.Configuration);
        builder.Services.AddHostedService<DeliveryRecovery>();
        builder.Services.AddHealthChecks()
            .AddCheck<SiloReadinessCheck>("silo", tags: ["ready"])
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"]);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(Address(node.GrpcUri), node.GrpcUri.Port, o => o.Protocols = HttpProtocols.Http2);
            kestrel.Listen(Address(node.HttpUri), node.HttpUri.Port, o => o.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        app.MapImGateway();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        if (builder.Configuration.GetSection(DiagnosticsOptions.SectionName).Get<DiagnosticsOptions>()?.MemoryEndpoint == true)
        {
            app.MapGet("/debug/memory", (IServiceProvider services) =>
                MemoryReport.Measure(services.GetService<Orleans.Runtime.IActivationWorkingSet>()?.Count ?? -1));
        }
        app.Lifetime.ApplicationStopped.Register(() => store.Dispose());
        return app;
    }

    private static IPAddress Address(Uri uri) => uri.Host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" or "0.0.0.0" => IPAddress.Any,
        var host => IPAddress.Parse(host),
    };
}
