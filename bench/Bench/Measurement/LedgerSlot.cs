namespace OrleansIm.Bench.Measurement;

/// <summary>
/// One message in a <see cref="DeliveryLedger"/>: plain values only, so the ledger's chunks hold
/// nothing the garbage collector has to trace.
/// </summary>
internal struct LedgerSlot
{
    /// <summary>Stopwatch timestamp of the send; written last, so a reader that sees it sees the route.</summary>
    public long SentAt;

    /// <summary>Bit i set once recipient i of the route received the message (routes of up to 64 recipients).</summary>
    public long ReceivedMask;

    public int Route;

    public int Acked;

    public int Received;
}
