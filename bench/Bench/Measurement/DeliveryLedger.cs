using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OrleansIm.Bench.Measurement;

/// <summary>
/// Every message of a phase: when it was sent, whether it was acked, and which of its expected
/// recipients received it. Lost = acked but not delivered to everyone it should have reached;
/// duplicated = delivered to someone more than once.
/// </summary>
/// <remarks>
/// The ledger issues the client message ids itself (its own prefix, then the message's number),
/// so a delivery finds its message by parsing the id instead of a lookup table, and a late
/// delivery of another phase's message is recognised by the prefix and ignored. Messages live
/// in chunks of plain structs: a phase of hundreds of thousands of messages adds no object per
/// message for the load generator's garbage collector to trace or promote. Its collections
/// pause the sending and the noticing of deliveries alike, so they would show up in the very
/// latencies the ledger records.
/// </remarks>
public sealed class DeliveryLedger
{
    private const int ChunkBits = 14;
    private const int ChunkSize = 1 << ChunkBits;
    private const int MaxChunks = 4096;

    private readonly LedgerSlot[]?[] _chunks = new LedgerSlot[MaxChunks][];
    private readonly ConcurrentDictionary<string[], int> _routeNumbers = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<long, HashSet<int>> _wideReceipts = new();
    private readonly Lock _growth = new();
    // Grown by doubling under the lock and published whole, so readers index it without one.
    private RecipientSet[] _routes = new RecipientSet[16];
    private int _routeCount;
    private long _sent;
    private long _acked;
    private long _delivered;
    private long _duplicated;
    private long _errors;

    public DeliveryLedger()
    {
        // Client message ids allow [A-Za-z0-9_.-] only.
        Prefix = $"m{Guid.NewGuid():N}"[..9] + "-";
    }

    /// <summary>What every client message id of this ledger starts with.</summary>
    public string Prefix { get; }

    public LatencyHistogram SendToAck { get; } = new();

    public LatencyHistogram SendToDeliver { get; } = new();

    public long Sent => Interlocked.Read(ref _sent);

    public long Acked => Interlocked.Read(ref _acked);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Duplicated => Interlocked.Read(ref _duplicated);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>
    /// Records a send about to happen and returns the client message id to send it with.
    /// <paramref name="recipients"/> are the users who must receive it; pass the same array for
    /// every message of a route, it is registered once.
    /// </summary>
    public string RecordSending(string[] recipients)
    {
        var route = RouteOf(recipients);
        var number = Interlocked.Increment(ref _sent);
        ref var slot = ref SlotAt(number);
        slot.Route = route;
        Volatile.Write(ref slot.SentAt, Stopwatch.GetTimestamp());
        return Prefix + number.ToString(CultureInfo.InvariantCulture);
    }

    public void RecordAck(string clientMessageId)
    {
        if (Find(clientMessageId) is { } number)
        {
            ref var slot = ref SlotAt(number);
            if (Interlocked.Exchange(ref slot.Acked, 1) == 0)
            {
                Interlocked.Increment(ref _acked);
                SendToAck.RecordSince(Volatile.Read(ref slot.SentAt));
            }
        }
    }

    public void RecordFailure() => Interlocked.Increment(ref _errors);

    /// <summary>A recipient got a message; ids of other ledgers (another phase's), and recipients the message was not for, are ignored.</summary>
    public void RecordDelivery(string recipient, string clientMessageId)
    {
        if (Find(clientMessageId) is not { } number)
        {
            return;
        }
        ref var slot = ref SlotAt(number);
        var route = Volatile.Read(ref _routes)[slot.Route];
        var index = route.IndexOf(recipient);
        if (index < 0)
        {
            return;
        }
        if (!MarkReceived(ref slot, number, index, route.IsWide))
        {
            Interlocked.Increment(ref _duplicated);
            return;
        }
        Interlocked.Increment(ref slot.Received);
        Interlocked.Increment(ref _delivered);
        SendToDeliver.RecordSince(Volatile.Read(ref slot.SentAt));
    }

    /// <summary>Deliveries still missing for acked messages.</summary>
    public long MissingDeliveries()
    {
        long missing = 0;
        for (long number = 1, sent = Sent; number <= sent; number++)
        {
            ref var slot = ref SlotAt(number);
            if (Volatile.Read(ref slot.Acked) == 1)
            {
                missing += Volatile.Read(ref _routes)[slot.Route].Count - Volatile.Read(ref slot.Received);
            }
        }
        return missing;
    }

    public IEnumerable<string> AckedIds()
    {
        for (long number = 1, sent = Sent; number <= sent; number++)
        {
            if (Volatile.Read(ref SlotAt(number).Acked) == 1)
            {
                yield return Prefix + number.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    private long? Find(string clientMessageId)
    {
        if (!clientMessageId.StartsWith(Prefix, StringComparison.Ordinal)
            || !long.TryParse(clientMessageId.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number < 1 || number > Sent)
        {
            return null;
        }
        return number;
    }

    private bool MarkReceived(ref LedgerSlot slot, long number, int index, bool wide)
    {
        if (wide)
        {
            var received = _wideReceipts.GetOrAdd(number, _ => []);
            lock (received)
            {
                return received.Add(index);
            }
        }
        var bit = 1L << index;
        return (Interlocked.Or(ref slot.ReceivedMask, bit) & bit) == 0;
    }

    private int RouteOf(string[] recipients)
    {
        if (_routeNumbers.TryGetValue(recipients, out var known))
        {
            return known;
        }
        lock (_growth)
        {
            if (_routeNumbers.TryGetValue(recipients, out known))
            {
                return known;
            }
            var number = _routeCount;
            var routes = _routes;
            if (number == routes.Length)
            {
                Array.Resize(ref routes, routes.Length * 2);
            }
            routes[number] = new RecipientSet(recipients);
            Volatile.Write(ref _routes, routes);
            _routeCount = number + 1;
            _routeNumbers[recipients] = number;
            return number;
        }
    }

    /// <summary>The message's slot; its chunk is made on first use, by whichever caller gets there first.</summary>
    private ref LedgerSlot SlotAt(long number)
    {
        var index = number - 1;
        var chunkIndex = (int)(index >> ChunkBits);
        if (chunkIndex >= MaxChunks)
        {
            throw new InvalidOperationException($"A phase may record at most {(long)MaxChunks * ChunkSize:N0} messages.");
        }
        var chunk = Volatile.Read(ref _chunks[chunkIndex]);
        if (chunk is null)
        {
            lock (_growth)
            {
                chunk = _chunks[chunkIndex] ??= new LedgerSlot[ChunkSize];
            }
        }
        return ref chunk[index & (ChunkSize - 1)];
    }
}
