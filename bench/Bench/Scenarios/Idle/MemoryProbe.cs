using System.Net.Http.Json;

namespace OrleansIm.Bench.Scenarios.Idle;

/// <summary>
/// Reads a target's GET /debug/memory until two readings a moment apart agree, so a figure is
/// not taken while the server is still finishing work the last step started (grain activations,
/// storage writes, pooled buffers being returned).
/// </summary>
internal sealed class MemoryProbe(Uri endpoint, Action<string> log) : IDisposable
{
    private const double Tolerance = 0.01;
    private const int MaxReadings = 10;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // A forced, compacting collection of a heap holding thousands of streams takes a while.
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public async Task<MemorySnapshot> SettledAsync(CancellationToken cancellationToken)
    {
        var previous = await ReadAsync(cancellationToken);
        for (var i = 1; i < MaxReadings; i++)
        {
            await Task.Delay(Interval, cancellationToken);
            var current = await ReadAsync(cancellationToken);
            if (Math.Abs(current.ManagedHeapBytes - previous.ManagedHeapBytes) <= previous.ManagedHeapBytes * Tolerance)
            {
                return current;
            }
            previous = current;
        }
        // Still moving: the latest reading is the best there is, but say so next to the figure.
        log($"warning: {endpoint} did not settle within {MaxReadings} readings; the figure is rough");
        return previous;
    }

    public void Dispose() => _http.Dispose();

    private async Task<MemorySnapshot> ReadAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<MemorySnapshot>(endpoint, cancellationToken)
        ?? throw new InvalidOperationException($"{endpoint} answered null.");
}
