using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansIm.Gateway.Options;
using OrleansIm.Gateway.Telemetry;

namespace OrleansIm.Gateway.Hosting;

/// <summary>
/// The gateway as a program of its own: an Orleans client that finds the cluster through the
/// membership table (or the single local silo) and serves the gRPC API. It holds connections,
/// not state, so any number of them can run beside any number of silos.
/// </summary>
public static class GatewayHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        var host = builder.Configuration.GetSection(GatewayHostOptions.SectionName).Get<GatewayHostOptions>() ?? new GatewayHostOptions();
        host.Validate();
        var grpc = GrpcListener.Create(host.GrpcUri, builder.Configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>() ?? new TlsOptions(), $"{GatewayHostOptions.SectionName}:GrpcUrl");
        var membership = ClusterMembership.Read(builder.Configuration);
        var tracesOn = builder.AddImTelemetry("orleansim-gateway");

        builder.UseOrleansClient(client =>
        {
            if (tracesOn)
            {
                // Grain calls carry the caller's trace context; off, they carry nothing and pay nothing.
                client.AddActivityPropagation();
            }
            client.Configure<Orleans.Configuration.ClusterOptions>(o =>
            {
                o.ClusterId = membership.ClusterId;
                o.ServiceId = membership.ServiceId;
            });
            if (membership.Backend == MembershipBackend.Postgres)
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = ClusterMembership.PostgresInvariant;
                    o.ConnectionString = membership.ConnectionString;
                });
            }
            else
            {
                client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, host.SiloGatewayPort));
            }
            client.Services.AddSingleton<IClientConnectionRetryFilter>(services =>
                new KeepConnecting(host.ConnectRetryDelay, services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansIm.Gateway.Cluster")));
        });

        builder.Services.AddImGateway(builder.Configuration, builder.Environment);
        // The Orleans client's start lasts until it reaches a silo (KeepConnecting). Started side by
        // side with the web server, the gateway answers probes meanwhile: live, and not ready.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.Services.AddHealthChecks().AddCheck<ClusterReadinessCheck>("cluster", tags: ["ready"]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            grpc.Listen(kestrel);
            // Health and readiness carry no credential and no user data; probes reach them in clear.
            kestrel.Listen(ListenAddress.Of(host.HttpUri), host.HttpUri.Port, o => o.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        app.MapImGateway();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapImMetrics(host.HttpUri.Port);
        return app;
    }
}
