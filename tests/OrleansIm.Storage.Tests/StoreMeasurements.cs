using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansIm.Storage.Tests;

/// <summary>Listens to the store's meter ("OrleansIm.Storage") as an exporter would, keeping every measurement with its tags.</summary>
internal sealed class StoreMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> _measurements = new();

    public StoreMeasurements()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "OrleansIm.Storage")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Measurements of <paramref name="instrument"/> so far (from every store in this process: tests run side by side).</summary>
    public IReadOnlyList<(double Value, Dictionary<string, string?> Tags)> Of(string instrument) =>
        _measurements.Where(m => m.Instrument == instrument).Select(m => (m.Value, m.Tags)).ToList();

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }
        _measurements.Enqueue((instrument.Name, value, copy));
    }
}
