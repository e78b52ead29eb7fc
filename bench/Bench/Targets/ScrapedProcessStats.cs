using OrleansIm.Bench.Measurement;
using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Targets;

/// <summary>
/// CPU and memory of server processes the harness did not start (an operator's silos and
/// gateways), read from their Prometheus scrapes: the .NET runtime's process CPU time and
/// working set. A background sample every second catches each process's peak between the
/// readings a phase takes at its start and end; the peak reported is the sum of each process's
/// own (an upper bound on what they reached together, as for the cluster the harness starts).
/// </summary>
public sealed class ScrapedProcessStats(IReadOnlyList<Uri> metrics) : IAsyncDisposable
{
    private const string CpuTime = "dotnet_process_cpu_time_seconds_total";
    private const string WorkingSet = "dotnet_process_memory_working_set_bytes";
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly long[] _peakWorkingSet = new long[metrics.Count];
    private readonly CancellationTokenSource _stop = new();
    private Task? _sampling;

    /// <summary>Reads every process once (failing if one does not answer or lacks the runtime's metrics), then samples in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await ReadAsync(cancellationToken) is null)
        {
            throw new InvalidOperationException(
                $"--metrics: not every scrape answered with {CpuTime} and {WorkingSet} ({string.Join(", ", metrics)}); " +
                "give each silo's and gateway's /metrics with OrleansIm:Telemetry:RuntimeMetrics on.");
        }
        _sampling = SampleAsync(_stop.Token);
    }

    /// <summary>All processes now: CPU and working set added up; null when one of them does not answer.</summary>
    public async Task<ProcessStats?> ReadAsync(CancellationToken cancellationToken)
    {
        if (await ServerScrape.ReadEachAsync(_http, metrics, cancellationToken) is not { } scrapes)
        {
            return null;
        }
        double cpu = 0;
        long workingSet = 0, peak = 0;
        for (var i = 0; i < scrapes.Length; i++)
        {
            if (PrometheusText.Sum(scrapes[i], CpuTime) is not { } processCpu || PrometheusText.Sum(scrapes[i], WorkingSet) is not { } processWorkingSet)
            {
                return null;
            }
            cpu += processCpu;
            workingSet += (long)processWorkingSet;
            peak += RaisePeak(i, (long)processWorkingSet);
        }
        return new ProcessStats(TimeSpan.FromSeconds(cpu), workingSet, peak);
    }

    private long RaisePeak(int process, long workingSet)
    {
        lock (_peakWorkingSet)
        {
            _peakWorkingSet[process] = Math.Max(_peakWorkingSet[process], workingSet);
            return _peakWorkingSet[process];
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SampleInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                // A missed sample only makes the peak less exact; the next one tries again.
                await ReadAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_sampling is not null)
        {
            await _sampling;
        }
        _stop.Dispose();
        _http.Dispose();
    }
}
