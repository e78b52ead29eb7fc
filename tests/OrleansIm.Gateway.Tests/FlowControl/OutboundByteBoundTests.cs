using OrleansIm.Protocol.V1;
using OrleansIm.Streaming;

namespace OrleansIm.Gateway.Tests.FlowControl;

/// <summary>An outbound queue holds at most its byte bound of serialized frames, however many frame slots are free.</summary>
public sealed class OutboundByteBoundTests
{
    private const int Capacity = 1024;

    /// <summary>About 4 KB once serialized.</summary>
    private static ServerFrame Large(string marker) => new() { RequestId = marker, Error = new Error { Code = 3, Message = new string('x', 4000) } };

    [Fact]
    public async Task Pushes_past_the_byte_bound_are_dropped_the_client_is_told_to_resync_and_the_bytes_come_back_as_frames_are_written()
    {
        using var closing = new CancellationTokenSource();
        var (stream, network) = Start(maxQueuedBytes: 10_000, closing);

        Assert.True(stream.TryPush(Large("1")));
        Assert.True(stream.TryPush(Large("2")));
        Assert.False(stream.TryPush(Large("3")));
        Assert.InRange(stream.QueuedBytes, 8_000, 10_000);
        Assert.True(stream.QueuedFrames <= 2);

        network.Open();
        await network.WaitForAsync(f => f.ResyncRequired is not null);
        Assert.True(stream.TryPush(Large("4")));
        var pong = new ServerFrame { Pong = new Pong { Nonce = 7 } };
        Assert.True(stream.TryPush(pong));
        await network.WaitForAsync(f => f.Pong?.Nonce == 7);

        Assert.False(network.Has(f => f.RequestId == "3"));
        // Everything before the pong is written and released; the pong itself may still count.
        Assert.InRange(stream.QueuedBytes, 0, pong.CalculateSize());
    }

    [Fact]
    public async Task One_frame_larger_than_the_bound_passes_an_empty_queue()
    {
        using var closing = new CancellationTokenSource();
        var (stream, network) = Start(maxQueuedBytes: 1_000, closing);

        Assert.True(stream.TryPush(Large("big")));
        Assert.False(stream.TryPush(new ServerFrame { Pong = new Pong { Nonce = 1 } }));

        network.Open();
        await network.WaitForAsync(f => f.RequestId == "big");
        await network.WaitForAsync(f => f.ResyncRequired is not null);
    }

    [Fact]
    public async Task Replies_count_against_the_bound_but_never_wait_for_bytes()
    {
        using var closing = new CancellationTokenSource();
        var (stream, network) = Start(maxQueuedBytes: 6_000, closing);

        await stream.ReplyAsync(Large("reply-1"), CancellationToken.None).AsTask().WaitAsync(Support.TestStream.Timeout);
        await stream.ReplyAsync(Large("reply-2"), CancellationToken.None).AsTask().WaitAsync(Support.TestStream.Timeout);
        Assert.False(stream.TryPush(new ServerFrame { Pong = new Pong { Nonce = 1 } }));

        network.Open();
        await network.WaitForAsync(f => f.RequestId == "reply-2");
        await network.WaitForAsync(f => f.ResyncRequired is not null);
    }

    /// <summary>A stream whose writer runs against a network that takes nothing until opened.</summary>
    private static (Stream Stream, GatedWriter Network) Start(long maxQueuedBytes, CancellationTokenSource closing)
    {
        var stream = new Stream(maxQueuedBytes, closing);
        var network = new GatedWriter();
        _ = stream.RunWriterAsync(network, CancellationToken.None);
        return (stream, network);
    }

    private sealed class Stream(long maxQueuedBytes, CancellationTokenSource closing)
        : OutboundStream(Capacity, maxQueuedBytes, closing, Timeout.InfiniteTimeSpan);
}
