using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using OrleansIm.Bench.Measurement;
using OrleansIm.Bench.References;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Scenarios.Rooms;

/// <summary>
/// N viewers of one room over C shared HTTP/2 connections, as a gateway's real audience would
/// arrive through a few load balancer connections. Each viewer records post-to-deliver latency
/// of measured messages and what it received per class.
/// </summary>
public sealed class RoomViewerFleet : IAsyncDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly List<AsyncServerStreamingCall<RoomFrame>> _calls = [];
    private readonly List<Task> _readers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly int[] _closedViewers;
    private long[] _giftsByViewer;
    private int _joined;

    private RoomViewerFleet(GrpcChannel[] channels, int viewers)
    {
        _channels = channels;
        _closedViewers = new int[viewers];
        _giftsByViewer = new long[viewers];
    }

    public LatencyHistogram Latency { get; private set; } = new();

    public RoomClassTally Delivered { get; private set; } = new();

    public long Closed;

    public static async Task<RoomViewerFleet> StartAsync(Uri endpoint, string roomId, IReadOnlyList<string> tokens, int connections, CancellationToken cancellationToken)
    {
        var fleet = new RoomViewerFleet([.. Enumerable.Range(0, connections).Select(_ => GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false },
        }))], tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var client = new RoomService.RoomServiceClient(fleet._channels[i % connections]);
            var call = client.Watch(new WatchRoomRequest { RoomId = roomId }, new CallOptions(new Metadata { { "authorization", "Bearer " + tokens[i] } }));
            fleet._calls.Add(call);
            fleet._readers.Add(fleet.ReadAsync(call, i));
        }
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref fleet._joined) < tokens.Count)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Only {fleet._joined} of {tokens.Count} viewers joined.");
            }
            await Task.Delay(50, cancellationToken);
        }
        return fleet;
    }

    /// <summary>Starts counting afresh (a new phase).</summary>
    public void Reset()
    {
        Latency = new LatencyHistogram();
        Delivered = new RoomClassTally();
        _giftsByViewer = new long[_giftsByViewer.Length];
    }

    /// <summary>
    /// Viewers still connected and the measured gifts they got this phase. Gifts are never shed
    /// while a connection lives, so only these viewers can lose one; a viewer closed as too slow
    /// was told why and is out of the count.
    /// </summary>
    public (int OpenViewers, long Gifts) GiftsToOpenViewers()
    {
        var gifts = _giftsByViewer;
        var open = 0;
        long received = 0;
        for (var i = 0; i < gifts.Length; i++)
        {
            if (Volatile.Read(ref _closedViewers[i]) == 0)
            {
                open++;
                received += Interlocked.Read(ref gifts[i]);
            }
        }
        return (open, received);
    }

    private async Task ReadAsync(AsyncServerStreamingCall<RoomFrame> call, int viewer)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(_stop.Token))
            {
                var frame = call.ResponseStream.Current;
                switch (frame.KindCase)
                {
                    case RoomFrame.KindOneofCase.Joined:
                        Interlocked.Increment(ref _joined);
                        break;
                    case RoomFrame.KindOneofCase.Batch:
                        Record(frame.Batch, viewer);
                        break;
                    case RoomFrame.KindOneofCase.Closed:
                        Volatile.Write(ref _closedViewers[viewer], 1);
                        Interlocked.Increment(ref Closed);
                        return;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    private void Record(RoomBatch batch, int viewer)
    {
        var now = Stopwatch.GetTimestamp();
        var latency = Latency;
        var delivered = Delivered;
        var gifts = _giftsByViewer;
        foreach (var message in batch.Messages)
        {
            if (RoomPayload.TryRead(message.Text, out var measured, out var postedAt) && measured)
            {
                latency.RecordSince(postedAt, now);
                delivered.Add(message.Class);
                if (message.Class == RoomMessageClass.Gift)
                {
                    Interlocked.Increment(ref gifts[viewer]);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var call in _calls)
        {
            call.Dispose();
        }
        await Task.WhenAll(_readers);
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
