using OrleansIm.Bench.Measurement;

namespace OrleansIm.Bench.References;

/// <summary>
/// Measured deliveries received by the subscribers of one connection. One per connection, not
/// one shared: subscribers on different connections run on different threads and would
/// otherwise contend on the same counters millions of times a second.
/// </summary>
internal sealed class FanOutTally
{
    private long _delivered;
    private long _deliveredInWindow;

    public LatencyHistogram Latency { get; } = new();

    public long Delivered => Volatile.Read(ref _delivered);

    public long DeliveredInWindow => Volatile.Read(ref _deliveredInWindow);

    public void Record(long sentTimestamp, long receivedTimestamp, bool inWindow)
    {
        Latency.RecordSince(sentTimestamp, receivedTimestamp);
        Interlocked.Increment(ref _delivered);
        if (inWindow)
        {
            Interlocked.Increment(ref _deliveredInWindow);
        }
    }
}
