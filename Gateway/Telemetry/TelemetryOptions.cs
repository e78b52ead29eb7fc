using Microsoft.Extensions.Configuration;

namespace OrleansIm.Gateway.Telemetry;

/// <summary>Traces and metrics of a host (node or standalone gateway); bound from "OrleansIm:Telemetry" and validated at start-up. Exporter endpoints come from the standard OTEL_* variables.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "OrleansIm:Telemetry";

    /// <summary>Whether traces are recorded; Auto records them only when an OTLP endpoint is configured.</summary>
    public TracingMode Tracing { get; set; } = TracingMode.Auto;

    /// <summary>Share of new traces kept (0..1). Parent-based: a span whose caller was sampled is always kept, one whose caller was not is never kept.</summary>
    public double SamplingRatio { get; set; } = 1.0;

    /// <summary>Serve Prometheus metrics on the HTTP/1.1 port.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Path of the Prometheus scrape endpoint.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>Also export metrics over OTLP when an OTLP endpoint is configured (Prometheus is served either way).</summary>
    public bool ExportMetricsOverOtlp { get; set; } = true;

    /// <summary>Garbage collector, thread pool and JIT metrics of the process.</summary>
    public bool RuntimeMetrics { get; set; } = true;

    public static TelemetryOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        options.Validate();
        return options;
    }

    /// <summary>Whether this host records traces, given its configuration (the OTEL_* variables are part of it).</summary>
    public bool TracesOn(IConfiguration configuration) => Tracing switch
    {
        TracingMode.Otlp => true,
        TracingMode.Off => false,
        _ => OtlpEndpointConfigured(configuration, "TRACES"),
    };

    /// <summary>Whether metrics go out over OTLP as well as to the scrape endpoint.</summary>
    public bool MetricsOverOtlp(IConfiguration configuration) =>
        ExportMetricsOverOtlp && Tracing != TracingMode.Off && OtlpEndpointConfigured(configuration, "METRICS");

    public void Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Tracing)) errors.Add($"Tracing must be Auto, Otlp or Off; got '{Tracing}'.");
        if (double.IsNaN(SamplingRatio) || SamplingRatio is < 0 or > 1) errors.Add($"SamplingRatio must be in 0..1; got {SamplingRatio}.");
        if (string.IsNullOrWhiteSpace(MetricsPath) || !MetricsPath.StartsWith('/') || MetricsPath.Contains('?')) errors.Add($"MetricsPath must be an absolute path such as /metrics; got '{MetricsPath}'.");
        if (MetricsPath is "/healthz" or "/readyz") errors.Add($"MetricsPath must not be a health endpoint; got '{MetricsPath}'.");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid {SectionName} settings: {string.Join(" ", errors)}");
        }
    }

    private static bool OtlpEndpointConfigured(IConfiguration configuration, string signal) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
        || !string.IsNullOrWhiteSpace(configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"]);
}
