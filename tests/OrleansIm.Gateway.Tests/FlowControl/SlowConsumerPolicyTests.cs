using Grpc.Core;
using OrleansIm.Protocol.V1;
using OrleansIm.Streaming;

namespace OrleansIm.Gateway.Tests.FlowControl;

/// <summary>The queue's slow-consumer rules, with a response writer the test opens and closes like a network.</summary>
public sealed class SlowConsumerPolicyTests
{
    private const int Capacity = 16;

    [Fact]
    public async Task A_stream_that_overflows_again_soon_after_its_resync_is_cut()
    {
        using var closing = new CancellationTokenSource();
        var stream = new Stream(closing, TimeSpan.FromMinutes(5));
        var network = new GatedWriter();
        var writer = stream.RunWriterAsync(network, CancellationToken.None);

        Fill(stream);
        network.Open();
        await network.WaitForAsync(f => f.ResyncRequired is not null);
        Assert.Null(stream.CutReason);

        network.Close();
        Fill(stream);

        Assert.Contains("overflowed again", stream.CutReason);
        Assert.True(closing.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WaitAsync(Support.TestStream.Timeout));
    }

    [Fact]
    public async Task A_stream_whose_queue_stays_full_for_the_window_is_cut()
    {
        using var closing = new CancellationTokenSource();
        var stream = new Stream(closing, TimeSpan.FromMilliseconds(200));
        var network = new GatedWriter();
        _ = stream.RunWriterAsync(network, CancellationToken.None);

        Fill(stream);
        // The cut cancels the stream's closing token: wait for that signal.
        var cut = new TaskCompletionSource();
        using (closing.Token.Register(() => cut.TrySetResult()))
        {
            await cut.Task.WaitAsync(Support.TestStream.Timeout);
        }

        Assert.Contains("stayed full", stream.CutReason);
        Assert.False(stream.TryPush(new ServerFrame()));
    }

    [Fact]
    public async Task A_reader_that_catches_up_and_stays_caught_up_is_not_cut()
    {
        using var closing = new CancellationTokenSource();
        var stream = new Stream(closing, TimeSpan.FromMinutes(5));
        var network = new GatedWriter();
        _ = stream.RunWriterAsync(network, CancellationToken.None);

        Fill(stream);
        network.Open();
        await network.WaitForAsync(f => f.ResyncRequired is not null);
        for (var i = 0; i < Capacity; i++)
        {
            Assert.True(stream.TryPush(new ServerFrame { Pong = new Pong { Nonce = i } }));
            await network.WaitForAsync(f => f.Pong?.Nonce == i);
        }

        Assert.Null(stream.CutReason);
        Assert.False(closing.IsCancellationRequested);
    }

    /// <summary>Overflows the queue even if the writer has taken one frame out (and waits to write it).</summary>
    private static void Fill(Stream stream)
    {
        for (var i = 0; i < Capacity + 2; i++)
        {
            stream.TryPush(new ServerFrame { Pong = new Pong { Nonce = -1 } });
        }
    }

    private sealed class Stream(CancellationTokenSource closing, TimeSpan window) : OutboundStream(Capacity, OutboundStream.DefaultMaxQueuedBytes, closing, window);
}
