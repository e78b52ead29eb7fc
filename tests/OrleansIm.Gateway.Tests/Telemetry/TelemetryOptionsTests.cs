using Microsoft.Extensions.Configuration;
using OrleansIm.Gateway.Health;
using OrleansIm.Gateway.Telemetry;

namespace OrleansIm.Gateway.Tests.Telemetry;

public sealed class TelemetryOptionsTests
{
    [Theory]
    [InlineData(TracingMode.Auto, null, null, false)]
    [InlineData(TracingMode.Auto, "http://collector:4317", null, true)]
    [InlineData(TracingMode.Auto, null, "http://collector:4318/v1/traces", true)]
    [InlineData(TracingMode.Off, "http://collector:4317", null, false)]
    [InlineData(TracingMode.Otlp, null, null, true)]
    public void Tracing_is_on_only_when_asked_for_or_an_otlp_endpoint_is_configured(TracingMode mode, string? endpoint, string? tracesEndpoint, bool on)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = tracesEndpoint,
        }).Build();
        Assert.Equal(on, new TelemetryOptions { Tracing = mode }.TracesOn(configuration));
    }

    [Theory]
    [InlineData("OrleansIm:Telemetry:SamplingRatio", "1.5", "SamplingRatio")]
    [InlineData("OrleansIm:Telemetry:SamplingRatio", "-0.1", "SamplingRatio")]
    [InlineData("OrleansIm:Telemetry:MetricsPath", "metrics", "MetricsPath")]
    [InlineData("OrleansIm:Telemetry:MetricsPath", "/readyz", "MetricsPath")]
    public void Bad_telemetry_settings_stop_the_start_with_the_setting_named(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var failure = Assert.Throws<InvalidOperationException>(() => TelemetryOptions.Read(configuration));
        Assert.Contains(named, failure.Message);
        Assert.Contains(TelemetryOptions.SectionName, failure.Message);
    }

    [Fact]
    public void The_defaults_are_valid_and_serve_prometheus_on_metrics()
    {
        var options = TelemetryOptions.Read(new ConfigurationBuilder().Build());
        Assert.True(options.Metrics);
        Assert.Equal("/metrics", options.MetricsPath);
        Assert.Equal(1.0, options.SamplingRatio);
        Assert.Equal(TracingMode.Auto, options.Tracing);
    }

    [Fact]
    public void A_health_watch_period_under_a_second_is_refused()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new HealthOptions { WatchPeriod = TimeSpan.FromMilliseconds(500) }.Validate());
        Assert.Contains("WatchPeriod", failure.Message);
    }
}
