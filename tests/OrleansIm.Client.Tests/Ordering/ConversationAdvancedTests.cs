using OrleansIm.Client.Ordering;
using OrleansIm.Client.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Tests.Ordering;

/// <summary>Large groups send hints, not messages: the SDK pulls by conversation seq and delivers once, in order.</summary>
public sealed class ConversationAdvancedTests
{
    private readonly FakeHistory _history = new();
    private readonly EventLog _log = new();

    private SyncEventApplier CreateApplier() => new(_history, _log.Writer) { UserId = "alice", MaxPageSize = 2 };

    private static ConversationAdvanced Hint(long previous, long last) => new() { ConversationId = "g:big", PreviousSeq = previous, LastSeq = last };

    [Fact]
    public async Task A_hint_pulls_the_new_messages_after_its_previous_seq_in_order()
    {
        _history.Add("g:big", 1, 9);
        var applier = CreateApplier();

        await applier.ApplyAdvancedAsync(Hint(4, 7), default);

        Assert.Equal(["g:big#5", "g:big#6", "g:big#7"], _log.DrainMessages());
        Assert.Equal(("g:big", 4L, 2), _history.Requests[0]);
    }

    [Fact]
    public async Task Later_hints_continue_from_what_was_delivered_and_repeats_deliver_nothing()
    {
        _history.Add("g:big", 1, 12);
        var applier = CreateApplier();
        await applier.ApplyAdvancedAsync(Hint(4, 6), default);
        _log.Drain();

        // A hint whose previous seq is behind what was delivered (a hint lost, another gateway) pulls only the rest.
        await applier.ApplyAdvancedAsync(Hint(2, 9), default);
        await applier.ApplyAdvancedAsync(Hint(2, 9), default);
        await applier.ApplyAdvancedAsync(Hint(9, 9), default);

        Assert.Equal(["g:big#7", "g:big#8", "g:big#9"], _log.DrainMessages());
    }
}
