namespace OrleansIm.Bench.Measurement;

/// <summary>
/// One reading of the server's Prometheus endpoints. Two readings around a phase give what the
/// server itself saw in it: its allocation and GC (<see cref="RuntimeCounters"/>) and its own
/// latency histograms (<see cref="ServerHistogram"/>).
/// </summary>
public sealed class ServerScrape(string text)
{
    private const string SendAck = "orleansim_gateway_send_ack_duration_seconds";
    private const string SendDeliver = "orleansim_gateway_send_deliver_duration_seconds";
    private const string WriterCpu = "orleansim_store_writer_cpu_seconds_total";
    private const string WriterWait = "orleansim_store_writer_wait_seconds_total";

    public string Text { get; } = text;

    /// <summary>
    /// One reading of every process of the server, joined into one text (their series add up);
    /// null when the target has no scrape endpoint or one of them does not answer, since a sum
    /// with a process missing would be taken for the whole.
    /// </summary>
    public static async Task<ServerScrape?> ReadAsync(HttpClient http, IReadOnlyList<Uri> metrics, CancellationToken cancellationToken) =>
        metrics.Count > 0 && await ReadEachAsync(http, metrics, cancellationToken) is { } texts ? new ServerScrape(string.Join('\n', texts)) : null;

    /// <summary>Every scrape's text, in the order given; null when one of them does not answer (or times out).</summary>
    public static async Task<string[]?> ReadEachAsync(HttpClient http, IReadOnlyList<Uri> metrics, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.WhenAll(metrics.Select(m => http.GetStringAsync(m, cancellationToken)));
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>
    /// Report extras for the phase between <paramref name="before"/> and this reading: the
    /// runtime's figures per message, and the node's own send→ack and send→deliver percentiles
    /// in milliseconds (from a send's arrival, or a message's server time, to the frame queued
    /// for its stream) as the bucket bounds they lie under, which leave out the load
    /// generator's share of the latencies it reports. On embedded SQLite also the store writer
    /// thread's seconds on a core and runnable but waiting for one: every commit passes through it.
    /// </summary>
    public Dictionary<string, double> PhaseExtras(ServerScrape before, long messages)
    {
        var extras = new Dictionary<string, double>();
        if (RuntimeCounters.Parse(Text) is { } runtimeAfter && RuntimeCounters.Parse(before.Text) is { } runtimeBefore)
        {
            foreach (var (key, value) in runtimeAfter.Since(runtimeBefore, messages))
            {
                extras[key] = value;
            }
        }
        AddPercentiles(extras, before, SendAck, "nodeSendAck", [("P99MsAtMost", 0.99)]);
        AddPercentiles(extras, before, SendDeliver, "nodeSendDeliver", [("P50MsAtMost", 0.50), ("P99MsAtMost", 0.99)]);
        AddGrowth(extras, before, WriterCpu, "nodeWriterCpuSeconds");
        AddGrowth(extras, before, WriterWait, "nodeWriterWaitSeconds");
        return extras;
    }

    private void AddGrowth(Dictionary<string, double> extras, ServerScrape before, string counter, string key)
    {
        if (PrometheusText.Sum(Text, counter) is { } after && PrometheusText.Sum(before.Text, counter) is { } earlier)
        {
            extras[key] = after - earlier;
        }
    }

    private void AddPercentiles(Dictionary<string, double> extras, ServerScrape before, string histogram, string prefix, (string Suffix, double Quantile)[] percentiles)
    {
        if (ServerHistogram.Parse(Text, histogram) is not { } after)
        {
            return;
        }
        var phase = ServerHistogram.Parse(before.Text, histogram) is { } earlier ? after.Since(earlier) : after;
        foreach (var (suffix, quantile) in percentiles)
        {
            if (phase.UpperBound(quantile) is { } seconds)
            {
                extras[prefix + suffix] = seconds * 1000;
            }
        }
    }
}
