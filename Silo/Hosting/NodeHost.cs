using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ClusterOptions = Orleans.Configuration.ClusterOptions;
using OrleansIm.Gateway;
using OrleansIm.Gateway.Hosting;
using OrleansIm.Gateway.Options;
using OrleansIm.Grains.Hosting;
using OrleansIm.Grains.Options;
using OrleansIm.Grains.Storage;
using OrleansIm.Silo.Diagnostics;
using OrleansIm.Silo.Health;
using OrleansIm.Silo.Recovery;
using OrleansIm.Silo.Telemetry;
using OrleansIm.Gateway.Telemetry;

namespace OrleansIm.Silo.Hosting;

/// <summary>
/// Builds one silo: Orleans, the message store and, unless switched off, the co-hosted gateway.
/// With embedded SQLite it is a single node on localhost clustering; with PostgreSQL it joins
/// the cluster through the ADO.NET membership table. Tests build silos the same way.
/// </summary>
public static class NodeHost
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        var node = builder.Configuration.GetSection(NodeOptions.SectionName).Get<NodeOptions>() ?? new NodeOptions();
        node.Validate();
        // Checked before the store opens: a TLS mistake should fail fast and leave nothing open.
        var grpc = node.HostGateway
            ? GrpcListener.Create(node.GrpcUri, builder.Configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>() ?? new TlsOptions(), $"{NodeOptions.SectionName}:GrpcUrl")
            : null;
        var membership = ClusterMembership.Read(builder.Configuration);
        var tracesOn = builder.AddImTelemetry("orleansim-node");
        var backend = await StoreBackend.OpenAsync(builder.Configuration, membership);

        builder.Services.AddSingleton(backend.Store);
        builder.Services.AddSingleton(TimeProvider.System);
        // Where a co-hosted gateway registers its observers, so this silo's grains push to it
        // without an Orleans message to their own process.
        builder.Services.AddSingleton<OrleansIm.Grains.Interfaces.Gateway.InProcessObservers>();
        builder.Services.AddOptions<MessagingOptions>().Bind(builder.Configuration.GetSection(MessagingOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();
        builder.Services.AddOptions<OrleansIm.Grains.Interfaces.Rooms.LiveRoomOptions>().Bind(builder.Configuration.GetSection(OrleansIm.Grains.Interfaces.Rooms.LiveRoomOptions.SectionName))
            .Validate(o => { o.Validate(); return true; }).ValidateOnStart();

        builder.UseOrleans(silo =>
        {
            if (tracesOn)
            {
                // Grain calls carry the caller's trace context; off, they carry nothing and pay nothing.
                silo.AddActivityPropagation();
            }
            if (membership.Backend == MembershipBackend.Postgres)
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = membership.ClusterId;
                    o.ServiceId = membership.ServiceId;
                });
                silo.ConfigureEndpoints(System.Net.IPAddress.Parse(node.AdvertisedAddress), node.SiloPort, node.OrleansGatewayPort, node.ListenOnAnyAddress);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = backend.Invariant;
                    o.ConnectionString = backend.GrainStateConnectionString;
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = backend.Invariant;
                    o.ConnectionString = backend.GrainStateConnectionString;
                });
            }
            else
            {
                silo.UseLocalhostClustering(node.SiloPort, node.OrleansGatewayPort, serviceId: membership.ServiceId, clusterId: membership.ClusterId);
            }
            silo.AddImGrainStorage("im", backend.Invariant, backend.GrainStateConnectionString, backend.CircuitBreaker);
            silo.AddImHardening(builder.Configuration);
        });

        if (node.HostGateway)
        {
            builder.Services.AddImGateway(builder.Configuration, builder.Environment);
        }
        builder.Services.AddHostedService<DeliveryRecovery>();
        builder.Services.AddHostedService<SiloMetricsStartup>();
        builder.Services.AddHostedService<WriterPriorityReport>();
        builder.Services.AddHealthChecks()
            .AddCheck<SiloReadinessCheck>("silo", tags: ["ready"])
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"]);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            grpc?.Listen(kestrel);
            // Health and readiness carry no credential and no user data; probes reach them in clear.
            kestrel.Listen(ListenAddress.Of(node.HttpUri), node.HttpUri.Port, o => o.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        if (node.HostGateway)
        {
            app.MapImGateway();
        }
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapImMetrics(node.HttpUri.Port);
        if (builder.Configuration.GetSection(DiagnosticsOptions.SectionName).Get<DiagnosticsOptions>()?.MemoryEndpoint == true)
        {
            app.MapGet("/debug/memory", (IServiceProvider services) =>
                MemoryReport.Measure(services.GetService<Orleans.Runtime.IActivationWorkingSet>()?.Count ?? -1));
        }
        // After the silo has stopped, so no grain writes to a closed store.
        app.Lifetime.ApplicationStopped.Register(() => backend.CloseAsync().AsTask().GetAwaiter().GetResult());
        return app;
    }

    /// <summary>The <c>migrate</c> command: applies the configured backend's schema migrations, then exits.</summary>
    public static async Task MigrateAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var membership = ClusterMembership.Read(builder.Configuration);
        await StoreBackend.MigrateAsync(builder.Configuration, membership);
    }
}
