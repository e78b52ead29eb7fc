using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansIm.Gateway.Telemetry;

/// <summary>
/// The gateway's counters and histograms (meter "OrleansIm.Gateway"). Static, so hot paths reach
/// them without injection; every call passes at most two tags as separate arguments, which the
/// runtime takes without allocating. Gauges that read a host's state are in <see cref="GatewayGauges"/>.
/// Names and labels are documented in docs/observability.md and used by dashboards/orleansim.json.
/// </summary>
public static class GatewayMetrics
{
    public const string MeterName = "OrleansIm.Gateway";

    private static readonly Meter Meter = new(MeterName);

    // Dense around the tens to hundreds of milliseconds where latency targets sit (p99 of 50 ms),
    // so a percentile read from the buckets says more than "between 100 and 250 ms".
    private static readonly double[] LatencyBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10];

    private static readonly KeyValuePair<string, object?> Accepted = new("outcome", "accepted");
    private static readonly KeyValuePair<string, object?> Failed = new("outcome", "failed");
    private static readonly KeyValuePair<string, object?> ViaStream = new("via", "stream");
    private static readonly KeyValuePair<string, object?> ViaUnary = new("via", "unary");
    private static readonly KeyValuePair<string, object?> Overflow = new("reason", "overflow");
    private static readonly KeyValuePair<string, object?> SlowConsumer = new("reason", "slow_consumer");
    private static readonly KeyValuePair<string, object?> PerUser = new("scope", "user");
    private static readonly KeyValuePair<string, object?> PerConnection = new("scope", "connection");

    private static readonly Counter<long> Sends = Meter.CreateCounter<long>("orleansim.gateway.sends", "{message}",
        "Send requests answered: outcome=accepted (durable, acked) or failed (an error was returned); via=stream or unary. Rate-limited sends are in orleansim.gateway.rate_limited.");

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("orleansim.gateway.deliveries", "{event}",
        "Sync events queued to a local stream (one per event per device).");

    private static readonly Counter<long> Acks = Meter.CreateCounter<long>("orleansim.gateway.acks", "{ack}",
        "Cursor acks received from devices.");

    private static readonly Counter<long> AcksForwarded = Meter.CreateCounter<long>("orleansim.gateway.acks_forwarded", "{ack}",
        "Cursor acks passed on to the user grains, after merging those within OrleansIm:Gateway:CursorAckForwardInterval of each other.");

    private static readonly Histogram<double> SendAckDuration = Meter.CreateHistogram("orleansim.gateway.send_ack.duration", "s",
        "From a send frame's arrival to its ack queued for the sender's stream.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Histogram<double> SendDeliverDuration = Meter.CreateHistogram("orleansim.gateway.send_deliver.duration", "s",
        "From a message's server time to its push queued for a receiver's stream at this gateway (clocks of different hosts included).", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static readonly Counter<long> Resyncs = Meter.CreateCounter<long>("orleansim.gateway.resyncs", "{resync}",
        "Clients told to resync or cut: reason=overflow (the outbound queue overflowed), slow_consumer (the stream was cut).");

    private static readonly Counter<long> RateLimited = Meter.CreateCounter<long>("orleansim.gateway.rate_limited", "{request}",
        "Requests refused by a rate budget: category=send|join|query, scope=connection|user.");

    private static readonly Counter<long> RoomShed = Meter.CreateCounter<long>("orleansim.gateway.room.shed", "{message}",
        "Room messages dropped for slow viewers at this gateway, by class (chat, like).");

    private static readonly Counter<long> ExpiredStreams = Meter.CreateCounter<long>("orleansim.gateway.streams_expired", "{stream}",
        "Streams ended because the bearer token they were opened with expired: kind=connect (GoAway) or watch (RoomClosed TOKEN_EXPIRED).");

    private static readonly KeyValuePair<string, object?> ConnectStream = new("kind", "connect");

    private static readonly KeyValuePair<string, object?> RoomWatch = new("kind", "watch");

    private static readonly Counter<long> HistoryWindowReads = Meter.CreateCounter<long>("orleansim.gateway.history_window_reads", "{request}",
        "GetHistory pulls of a large group answered from the hint window this gateway holds, without a call to the conversation.");

    public static void HistoryReadFromWindow() => HistoryWindowReads.Add(1);

    public static void SendAnswered(bool accepted, bool unary, long startTimestamp)
    {
        Sends.Add(1, accepted ? Accepted : Failed, unary ? ViaUnary : ViaStream);
        if (accepted)
        {
            SendAckDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, unary ? ViaUnary : ViaStream);
        }
    }

    public static void Delivered(int events)
    {
        if (events > 0)
        {
            Deliveries.Add(events);
        }
    }

    /// <summary>Records how long ago (by this host's clock) a message got its server time.</summary>
    public static void MessageReached(long serverTimeMs, long nowMs) =>
        SendDeliverDuration.Record(Math.Max(0, nowMs - serverTimeMs) / 1000.0);

    public static bool DeliveryLatencyRecorded => SendDeliverDuration.Enabled;

    public static void AckReceived() => Acks.Add(1);

    public static void AckForwarded() => AcksForwarded.Add(1);

    public static void ConnectStreamExpired() => ExpiredStreams.Add(1, ConnectStream);

    public static void RoomWatchesExpired(int count)
    {
        if (count > 0)
        {
            ExpiredStreams.Add(count, RoomWatch);
        }
    }

    public static void ResyncRequested() => Resyncs.Add(1, Overflow);

    public static void SlowConsumerCut() => Resyncs.Add(1, SlowConsumer);

    public static void RateRefused(string category, bool perUser) =>
        RateLimited.Add(1, new KeyValuePair<string, object?>("category", category), perUser ? PerUser : PerConnection);

    public static void RoomMessagesShed(string messageClass, int count)
    {
        if (count > 0)
        {
            RoomShed.Add(count, new KeyValuePair<string, object?>("class", messageClass));
        }
    }

    /// <summary>
    /// Makes every labelled counter's series exist at zero, so dashboards and alerts see 0 rather
    /// than "no data" before the first event. Called once the meter provider listens.
    /// </summary>
    public static void Prime()
    {
        Sends.Add(0, Accepted, ViaStream);
        Sends.Add(0, Failed, ViaStream);
        Deliveries.Add(0);
        Acks.Add(0);
        AcksForwarded.Add(0);
        Resyncs.Add(0, Overflow);
        Resyncs.Add(0, SlowConsumer);
        foreach (var category in new[] { "send", "join", "query" })
        {
            RateLimited.Add(0, new KeyValuePair<string, object?>("category", category), PerConnection);
            RateLimited.Add(0, new KeyValuePair<string, object?>("category", category), PerUser);
        }
        RoomMessagesShedZero("chat");
        RoomMessagesShedZero("like");
    }

    private static void RoomMessagesShedZero(string messageClass) =>
        RoomShed.Add(0, new KeyValuePair<string, object?>("class", messageClass));
}
