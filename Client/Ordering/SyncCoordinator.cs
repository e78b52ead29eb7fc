using OrleansIm.Client.Events;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Ordering;

/// <summary>
/// Drives the pull side of delivery for the connection's processing loop: applies pushed and
/// pulled events through the <see cref="SyncSequencer"/>, asks for Sync(after = cursor) when a
/// gap or ResyncRequired shows something is missing (one pull at a time, page after page until
/// has_more is false), and reports when the resync that follows a connect is complete.
/// Outlives connections; <see cref="Attach"/> binds it to the current one.
/// </summary>
internal sealed class SyncCoordinator(SyncSequencer sequencer, SyncEventApplier applier, Action onCursorAdvanced)
{
    private Func<ClientFrame, bool>? _send;
    private bool _pullInFlight;
    private bool _pullAgain;
    private bool _resyncing;
    private int _resyncApplied;
    private long _publishedCursor = sequencer.Cursor;

    /// <summary>Safe to read from any thread (the cursor acknowledger does).</summary>
    public long Cursor => Volatile.Read(ref _publishedCursor);

    public bool PullInFlight => _pullInFlight;

    /// <summary>Binds to a new connection. Any pull of the previous connection is forgotten: its answer cannot arrive.</summary>
    public void Attach(Func<ClientFrame, bool> send, long serverLatestSyncSeq)
    {
        _send = send;
        _pullInFlight = false;
        _pullAgain = false;
        _resyncing = false;
        if (serverLatestSyncSeq < sequencer.Cursor)
        {
            sequencer.ResetTo(serverLatestSyncSeq);
            Volatile.Write(ref _publishedCursor, serverLatestSyncSeq);
            onCursorAdvanced();
        }
    }

    public void Detach() => _send = null;

    /// <summary>Starts the pull from the cursor that every (re)connect begins with.</summary>
    public void BeginResync()
    {
        _resyncing = true;
        _resyncApplied = 0;
        SendPull();
    }

    public async ValueTask OnEventAsync(SyncEvent syncEvent, CancellationToken cancellationToken)
    {
        if (syncEvent.SyncSeq <= 0)
        {
            // Not on the user's timeline (e.g. a hint from a large group): nothing to order by
            // sync seq, but the conversation guard still delivers it once and without holes.
            if (syncEvent.KindCase == SyncEvent.KindOneofCase.Message)
            {
                await applier.DeliverMessageAsync(syncEvent.Message, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        sequencer.Offer(syncEvent);
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        if (!sequencer.HasGap)
        {
            return;
        }

        if (_pullInFlight)
        {
            // The pull under way may have been answered before this event's predecessors
            // existed; ask again once it is done.
            _pullAgain = true;
        }
        else
        {
            SendPull();
        }
    }

    /// <summary>Applies one page of a pull; returns the completion notice when it ends the resync after a connect.</summary>
    public async ValueTask<ResyncCompleted?> OnSyncPageAsync(SyncResponse page, CancellationToken cancellationToken)
    {
        // A pull returns every event after its cursor that exists, in order: an event beyond
        // cursor + 1 once its predecessors are applied means the seqs between were never written.
        foreach (var syncEvent in page.Events)
        {
            if (syncEvent.SyncSeq <= 0)
            {
                continue;
            }
            sequencer.Offer(syncEvent);
            await DrainAsync(cancellationToken).ConfigureAwait(false);
            if (syncEvent.SyncSeq > sequencer.Cursor + 1 && !sequencer.TryPeekNext(out _))
            {
                sequencer.SkipHoleBefore(syncEvent.SyncSeq);
                await DrainAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        _pullInFlight = false;

        // An empty page ends the pull even if it claims more or a gap remains: asking again at
        // once would spin; the next push or ResyncRequired starts a new pull.
        var gotEvents = page.Events.Count > 0;
        if (_pullAgain || (gotEvents && (page.HasMore || sequencer.HasGap)))
        {
            _pullAgain = false;
            SendPull();
            return null;
        }

        if (!_resyncing)
        {
            return null;
        }

        _resyncing = false;
        return new ResyncCompleted(sequencer.Cursor, _resyncApplied);
    }

    public void OnResyncRequired()
    {
        if (_pullInFlight)
        {
            _pullAgain = true;
        }
        else
        {
            SendPull();
        }
    }

    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        while (sequencer.TryPeekNext(out var next))
        {
            await applier.ApplyAsync(next, cancellationToken).ConfigureAwait(false);
            sequencer.MarkApplied(next.SyncSeq);
            Volatile.Write(ref _publishedCursor, sequencer.Cursor);
            if (_resyncing)
            {
                _resyncApplied++;
            }

            onCursorAdvanced();
        }
    }

    /// <summary>The request id of every pull, so the stream can tell a failed pull from other refusals.</summary>
    public const string PullRequestId = "sync-pull";

    private void SendPull()
    {
        if (_send is { } send && send(new ClientFrame { RequestId = PullRequestId, Sync = new SyncRequest { After = sequencer.Cursor } }))
        {
            _pullInFlight = true;
        }
    }
}
