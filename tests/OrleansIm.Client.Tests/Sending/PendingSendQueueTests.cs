using Grpc.Core;
using OrleansIm.Client.Sending;
using OrleansIm.Client.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Tests.Sending;

public sealed class PendingSendQueueTests
{
    private readonly List<string> _written = [];
    private readonly SemaphoreSlim _writeSignals = new(0);

    private bool Write(ClientFrame frame)
    {
        lock (_written)
        {
            _written.Add(frame.Send.ClientMessageId);
        }
        _writeSignals.Release();
        return true;
    }

    [Fact]
    public void Sends_made_while_disconnected_go_out_in_order_on_attach()
    {
        var queue = new PendingSendQueue(10);
        queue.Add(Frames.Send("m1"));
        queue.Add(Frames.Send("m2"));
        Assert.Empty(_written);

        queue.Attach(Write);
        queue.Add(Frames.Send("m3"));

        Assert.Equal(["m1", "m2", "m3"], _written);
    }

    [Fact]
    public async Task Unacknowledged_sends_are_resent_with_the_same_ids_after_a_reconnect_and_acked_ones_are_not()
    {
        var queue = new PendingSendQueue(10);
        queue.Attach(Write);
        var first = queue.Add(Frames.Send("m1"));
        var second = queue.Add(Frames.Send("m2"));
        queue.TryComplete(new SendResult { ClientMessageId = "m1", Ack = new SendAck { ClientMessageId = "m1", Seq = 1 } });
        queue.Detach();
        _written.Clear();

        queue.Attach(Write);

        Assert.Equal(["m2"], _written);
        Assert.Equal(1, (await first.Completion).Seq);
        Assert.False(second.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_retried_send_settles_with_the_servers_original_ack()
    {
        var queue = new PendingSendQueue(10);
        var pending = queue.Add(Frames.Send("m1"));

        queue.TryComplete(new SendResult { ClientMessageId = "m1", Ack = new SendAck { ClientMessageId = "m1", Seq = 7, Duplicate = true } });

        Assert.Equal(7, (await pending.Completion).Seq);
        Assert.Equal(0, queue.Count);
        Assert.False(queue.TryComplete(new SendResult { ClientMessageId = "m1", Ack = new SendAck() }));
    }

    [Fact]
    public void A_second_send_with_a_pending_id_joins_the_first()
    {
        var queue = new PendingSendQueue(10);

        var first = queue.Add(Frames.Send("m1"));
        var again = queue.Add(Frames.Send("m1"));

        Assert.Same(first, again);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task An_in_band_error_fails_the_send_with_its_status_code()
    {
        var queue = new PendingSendQueue(10);
        var pending = queue.Add(Frames.Send("m1"));

        queue.TryComplete(new SendResult { ClientMessageId = "m1", Error = new Error { Code = (int)StatusCode.PermissionDenied, Message = "not a member" } });

        var error = await Assert.ThrowsAsync<ImClientException>(() => pending.Completion);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("not a member", error.Message);
    }

    [Fact]
    public async Task An_unavailable_refusal_keeps_the_send_pending_and_resends_it_with_the_same_id()
    {
        var queue = new PendingSendQueue(10);
        queue.Attach(Write);
        var pending = queue.Add(Frames.Send("m1"));

        Assert.True(queue.TryComplete(new SendResult { ClientMessageId = "m1", Error = new Error { Code = (int)StatusCode.Unavailable, Message = "a silo is unavailable" } }));

        Assert.False(pending.Completion.IsCompleted);
        Assert.Equal(1, queue.Count);
        Assert.True(await _writeSignals.WaitAsync(TimeSpan.Zero), "the first send was written at once");
        Assert.True(await _writeSignals.WaitAsync(TimeSpan.FromSeconds(10)), "the refused send was written again");
        lock (_written)
        {
            Assert.Equal(["m1", "m1"], _written);
        }

        queue.TryComplete(new SendResult { ClientMessageId = "m1", Ack = new SendAck { ClientMessageId = "m1", Seq = 7 } });
        Assert.Equal(7, (await pending.Completion).Seq);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Exceeding_the_bound_throws_resource_exhausted()
    {
        var queue = new PendingSendQueue(2);
        queue.Add(Frames.Send("m1"));
        queue.Add(Frames.Send("m2"));

        var error = Assert.Throws<ImClientException>(() => queue.Add(Frames.Send("m3")));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("MaxPendingSends", error.Message);
    }

    [Fact]
    public void A_removed_send_is_not_resent()
    {
        var queue = new PendingSendQueue(10);
        var pending = queue.Add(Frames.Send("m1"));
        queue.Remove(pending);

        queue.Attach(Write);

        Assert.Empty(_written);
    }

    [Fact]
    public async Task A_send_refused_by_a_rate_limit_with_a_retry_hint_is_kept_and_resent_with_the_same_id()
    {
        var queue = new PendingSendQueue(10);
        queue.Attach(Write);
        var pending = queue.Add(Frames.Send("m1"));
        var throttled = new Error { Code = (int)StatusCode.ResourceExhausted, Message = "Too many sends", RetryAfterMs = 50 };

        Assert.True(queue.TryComplete(new SendResult { ClientMessageId = "m1", Error = throttled }));

        Assert.False(pending.Completion.IsCompleted);
        Assert.Equal(1, queue.Count);
        Assert.True(await _writeSignals.WaitAsync(TimeSpan.Zero), "the first send was written at once");
        Assert.True(await _writeSignals.WaitAsync(TimeSpan.FromSeconds(10)), "the refused send was written again");
        lock (_written)
        {
            Assert.Equal(["m1", "m1"], _written);
        }

        queue.TryComplete(new SendResult { ClientMessageId = "m1", Ack = new SendAck { ClientMessageId = "m1", Seq = 3 } });
        Assert.Equal(3, (await pending.Completion).Seq);
    }

    [Fact]
    public async Task A_resource_exhausted_send_without_a_retry_hint_fails()
    {
        var queue = new PendingSendQueue(10);
        queue.Attach(Write);
        var pending = queue.Add(Frames.Send("m1"));

        queue.TryComplete(new SendResult { ClientMessageId = "m1", Error = new Error { Code = (int)StatusCode.ResourceExhausted, Message = "group is full" } });

        var error = await Assert.ThrowsAsync<ImClientException>(() => pending.Completion);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Null(error.RetryAfter);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void The_retry_hint_reaches_the_app_from_a_trailer_and_from_an_in_band_error()
    {
        var rpc = new RpcException(new Status(StatusCode.ResourceExhausted, "Too many queries"), new Metadata { { ImClientException.RetryAfterTrailer, "250" } });

        Assert.Equal(TimeSpan.FromMilliseconds(250), ImClientException.FromRpc(rpc).RetryAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(40), ImClientException.FromError(new Error { Code = 8, RetryAfterMs = 40 }).RetryAfter);
        Assert.Null(ImClientException.FromRpc(new RpcException(new Status(StatusCode.ResourceExhausted, "x"), new Metadata { { ImClientException.RetryAfterTrailer, "soon" } })).RetryAfter);
    }

    [Fact]
    public async Task Every_rate_limited_send_of_a_burst_is_resent_once_per_refusal()
    {
        var queue = new PendingSendQueue(10);
        queue.Attach(Write);
        string[] ids = ["m1", "m2", "m3"];
        foreach (var id in ids)
        {
            queue.Add(Frames.Send(id));
        }
        foreach (var id in ids)
        {
            queue.TryComplete(new SendResult { ClientMessageId = id, Error = new Error { Code = (int)StatusCode.ResourceExhausted, RetryAfterMs = 20 } });
        }

        for (var i = 0; i < 2 * ids.Length; i++)
        {
            Assert.True(await _writeSignals.WaitAsync(TimeSpan.FromSeconds(10)), "a resend did not happen");
        }
        lock (_written)
        {
            // Resends are spaced one hint apart; timers do not promise their order under load.
            Assert.Equal(["m1", "m2", "m3"], _written.Take(3));
            Assert.Equal(["m1", "m2", "m3"], _written.Skip(3).Order());
        }
        Assert.Equal(3, queue.Count);
    }
}
