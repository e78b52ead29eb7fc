using Microsoft.Extensions.Time.Testing;
using OrleansIm.Gateway.Connections;
using OrleansIm.Grains.Interfaces.Errors;

namespace OrleansIm.Gateway.Tests.Connections;

/// <summary>A stream's cursor acks reach the user grain at most once per interval, the highest cursor last, and none is dropped.</summary>
public sealed class CursorAckForwarderTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new();
    private readonly List<long> _forwarded = [];
    private readonly List<(string RequestId, string Message)> _refused = [];
    private readonly SemaphoreSlim _calls = new(0);
    private readonly SemaphoreSlim _refusals = new(0);

    private CursorAckForwarder Forwarder(TimeSpan interval, long refuseAbove = long.MaxValue) => new(
        cursor =>
        {
            lock (_forwarded)
            {
                _forwarded.Add(cursor);
            }
            _calls.Release();
            return cursor > refuseAbove ? Task.FromException(ImException.InvalidArgument($"too far: {cursor}")) : Task.CompletedTask;
        },
        (requestId, ex) =>
        {
            lock (_refused)
            {
                _refused.Add((requestId, ex.Message));
            }
            _refusals.Release();
            return Task.CompletedTask;
        },
        interval,
        _clock);

    private long[] Forwarded()
    {
        lock (_forwarded)
        {
            return [.. _forwarded];
        }
    }

    private async Task WaitForCallsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await _calls.WaitAsync(Patience), $"only {i} of {count} forwards happened: {string.Join(", ", Forwarded())}");
        }
    }

    [Fact]
    public async Task The_first_ack_goes_at_once_and_later_ones_within_the_interval_go_together_when_it_ends()
    {
        var acks = Forwarder(Interval);

        await acks.AckAsync(3, "a");
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        await acks.AckAsync(5, "b");
        await acks.AckAsync(9, "c");
        await acks.AckAsync(7, "d");
        Assert.Equal([3], Forwarded());

        _clock.Advance(TimeSpan.FromMilliseconds(750));
        await WaitForCallsAsync(2);
        Assert.Equal([3, 9], Forwarded());
    }

    [Fact]
    public async Task An_ack_after_a_quiet_interval_goes_at_once()
    {
        var acks = Forwarder(Interval);

        await acks.AckAsync(1, "a");
        _clock.Advance(Interval);
        await acks.AckAsync(2, "b");

        Assert.Equal([1, 2], Forwarded());
    }

    [Fact]
    public async Task The_end_of_the_stream_sends_what_is_merged_and_nothing_goes_after_it()
    {
        var acks = Forwarder(Interval);
        await acks.AckAsync(1, "a");
        await acks.AckAsync(4, "b");

        await acks.CloseAsync();
        Assert.Equal([1, 4], Forwarded());

        _clock.Advance(Interval * 2);
        await acks.CloseAsync();
        Assert.Equal([1, 4], Forwarded());
    }

    [Fact]
    public async Task A_refused_cursor_is_answered_with_the_request_id_of_the_ack_that_carried_it()
    {
        var acks = Forwarder(Interval, refuseAbove: 10);
        await acks.AckAsync(2, "first");
        await acks.AckAsync(99, "too-far");
        await acks.AckAsync(5, "later-but-lower");

        _clock.Advance(Interval);
        await WaitForCallsAsync(2);
        // The refusal follows the forward it answers.
        Assert.True(await _refusals.WaitAsync(Patience), "the refused cursor was not answered");

        Assert.Equal([2, 99], Forwarded());
        Assert.Equal([("too-far", "too far: 99")], _refused);
    }

    [Fact]
    public async Task A_negative_cursor_is_refused_at_once_and_never_forwarded()
    {
        var acks = Forwarder(Interval);

        await acks.AckAsync(-1, "bad");
        await acks.CloseAsync();

        Assert.Empty(Forwarded());
        var refusal = Assert.Single(_refused);
        Assert.Equal("bad", refusal.RequestId);
        Assert.Contains("must not be negative", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_interval_every_ack_is_forwarded()
    {
        var acks = Forwarder(TimeSpan.Zero);

        for (var cursor = 1; cursor <= 5; cursor++)
        {
            await acks.AckAsync(cursor, $"r{cursor}");
        }

        Assert.Equal([1, 2, 3, 4, 5], Forwarded());
    }
}
