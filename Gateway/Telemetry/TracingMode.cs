namespace OrleansIm.Gateway.Telemetry;

/// <summary>When the host records traces (see docs/observability.md).</summary>
public enum TracingMode
{
    /// <summary>On when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), off otherwise.</summary>
    Auto,

    /// <summary>Always on, exporting over OTLP (to the OTEL_* endpoint, or the exporter's default localhost:4317).</summary>
    Otlp,

    /// <summary>Never: no listener, so no Activity is ever created and grain calls carry no trace context.</summary>
    Off,
}
