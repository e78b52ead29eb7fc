using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OrleansIm.Gateway.Telemetry;

/// <summary>
/// OpenTelemetry for a host (node or standalone gateway): the OrleansIm meters, Orleans', ASP.NET
/// Core's and the runtime's, served to Prometheus; and, when tracing is on, the OrleansIm and
/// Orleans spans exported over OTLP. When tracing is off no tracer provider exists, so no
/// ActivityListener does either and no Activity is created on any path.
/// </summary>
public static class TelemetryComposition
{
    /// <summary>Orleans' ActivitySources for grain calls (Orleans.Diagnostics.ActivitySources).</summary>
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    private static readonly string[] AspNetCoreMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections"];

    /// <summary>Adds telemetry to the host; returns whether traces are on (the caller then turns on Orleans' activity propagation).</summary>
    /// <param name="serviceName">The service.name resource attribute unless OTEL_SERVICE_NAME says otherwise.</param>
    public static bool AddImTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var options = TelemetryOptions.Read(builder.Configuration);
        builder.Services.AddSingleton(options);
        // On as configured, or when the embedding code added a tracer provider of its own (an
        // exporter of its choice) before this, unless tracing is switched off outright.
        var tracesOn = options.TracesOn(builder.Configuration)
            || (options.Tracing != TracingMode.Off && builder.Services.Any(d => d.ServiceType == typeof(TracerProvider)));

        // Sources, sampler and resource are registered in any case: a host that adds a tracer
        // provider of its own (a test with an in-memory exporter) gets the same spans.
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .AddSource(GatewayTracing.SourceName)
            .AddSource(OrleansSources)
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.SamplingRatio)))
            .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path, options)));

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName));
        if (options.Metrics)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter("OrleansIm.*", "Microsoft.Orleans")
                    .AddMeter(AspNetCoreMeters)
                    .AddPrometheusExporter(o => o.ScrapeEndpointPath = options.MetricsPath);
                if (options.RuntimeMetrics)
                {
                    metrics.AddRuntimeInstrumentation();
                }
                if (options.MetricsOverOtlp(builder.Configuration))
                {
                    metrics.AddOtlpExporter();
                }
            });
        }
        if (tracesOn)
        {
            // Orleans' propagation writes W3C trace context into each grain call.
            Activity.DefaultIdFormat = ActivityIdFormat.W3C;
            telemetry.WithTracing(tracing => tracing.AddOtlpExporter());
        }
        return tracesOn;
    }

    /// <summary>Serves the Prometheus scrape endpoint on the HTTP/1.1 port only, beside /healthz and /readyz.</summary>
    public static IEndpointRouteBuilder MapImMetrics(this IEndpointRouteBuilder endpoints, int httpPort)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<TelemetryOptions>();
        if (options.Metrics)
        {
            endpoints.MapPrometheusScrapingEndpoint(options.MetricsPath).RequireHost($"*:{httpPort}");
        }
        return endpoints;
    }

    private static bool IsProbe(Microsoft.AspNetCore.Http.PathString path, TelemetryOptions options) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments(options.MetricsPath);
}
