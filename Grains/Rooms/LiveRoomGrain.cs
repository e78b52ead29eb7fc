using Microsoft.Extensions.Options;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Rooms;

using OrleansIm.Grains.ContentSafety;

using OrleansIm.Grains.Telemetry;

namespace OrleansIm.Grains.Rooms;

/// <summary>
/// One live room. Posts are admitted by a priority-aware token bucket, get the next seq and wait
/// in the current window; a grain timer flushes each window as ONE batch per subscribed gateway
/// (or per relay when gateways are many). Nothing here grows with the number of viewers.
/// </summary>
public sealed class LiveRoomGrain : Grain, ILiveRoomGrain
{
    private readonly IPersistentState<LiveRoomState> _state;
    private readonly LiveRoomOptions _options;
    private readonly TimeProvider _clock;
    private readonly List<RoomMessageRecord> _pending = [];
    private readonly RecentMessages _recent;
    private readonly GatewayTable _gateways;
    private RoomBroadcaster _broadcaster = null!;
    private RoomRateLimiter? _limiter;
    private long _lastSeq;
    private long _windows;
    private long _accepted;
    private long _shedChat;
    private long _shedLike;
    private long _pushedViewerCount = -1;
    private long _expiredAt;

    private readonly ContentFilterChain _content;

    public LiveRoomGrain(
        [PersistentState("room", "im")] IPersistentState<LiveRoomState> state,
        IOptions<LiveRoomOptions> options,
        ContentFilterChain content,
        TimeProvider clock)
    {
        _state = state;
        _content = content;
        _options = options.Value;
        _clock = clock;
        _recent = new RecentMessages(_options.RingSize);
        _gateways = new GatewayTable(clock);
    }

    private string RoomIdValue => this.GetPrimaryKeyString();

    private long NowMs => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Seqs start at the activation's time in microseconds: they keep increasing across
        // activations (unless a room averaged over a million messages per second), so clients
        // can order by seq without the room storing a counter.
        _lastSeq = NowMs * 1000;
        _broadcaster = new RoomBroadcaster(RoomIdValue, GrainFactory, _options);
        _expiredAt = _clock.GetTimestamp();
        this.RegisterGrainTimer(FlushWindowAsync, new GrainTimerCreationOptions(_options.Window, _options.Window) { Interleave = false, KeepAlive = false });
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<RoomInfoRecord> Create(CreateRoomCommand command)
    {
        var moderators = RoomRules.ValidateCreate(command, _options);
        if (_state.State.Exists)
        {
            throw ImException.FailedPrecondition($"Room {RoomIdValue} already exists.");
        }
        _state.State = new LiveRoomState
        {
            Exists = true,
            Title = command.Title,
            OwnerId = command.OwnerId,
            ModeratorIds = [.. moderators],
            MaxMessagesPerSecond = command.MaxMessagesPerSecond == 0 ? _options.MessagesPerSecond : command.MaxMessagesPerSecond,
        };
        await _state.WriteStateAsync();
        _limiter = null;
        return Info();
    }

    public async Task Close(string callerId)
    {
        RequireExists();
        if (callerId != _state.State.OwnerId)
        {
            throw ImException.PermissionDenied("Only the room's owner may close it.");
        }
        await _state.ClearStateAsync();
        _state.State = new LiveRoomState();
        _pending.Clear();
        foreach (var gateway in _gateways.Observers)
        {
            _ = gateway.Closed(RoomIdValue, "room closed by its owner");
        }
    }

    public Task<RoomInfoRecord> GetInfo()
    {
        RequireExists();
        return Task.FromResult(Info());
    }

    public Task<RoomSnapshot> Subscribe(string gatewayId, IRoomGatewayObserver observer, long generation, int localViewers)
    {
        RequireExists();
        _gateways.Upsert(gatewayId, observer, generation, localViewers);
        var now = NowMs;
        var removed = _state.State.RemovedUntilMs.Where(r => r.Value > now).Select(r => new RoomRemoval(r.Key, r.Value)).ToArray();
        return Task.FromResult(new RoomSnapshot(Info(), _recent.ToArray(), _gateways.ViewerCount, removed));
    }

    public Task Refresh(string gatewayId, IRoomGatewayObserver observer, long generation, int localViewers)
    {
        RequireExists();
        _gateways.Upsert(gatewayId, observer, generation, localViewers);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(string gatewayId, long generation)
    {
        _gateways.Remove(gatewayId, generation);
        return Task.CompletedTask;
    }

    public Task<PostOutcome> Post(string senderId, RoomMessageClass messageClass, string text)
    {
        RequireExists();
        UserId.Require(senderId, "sender");
        RoomRules.ValidatePost(messageClass, text, _options);
        RoomRules.RequireMayPost(_state.State, senderId, NowMs);
        text = _content.Apply(text, ContentOrigin.RoomPost, senderId);
        _limiter ??= new RoomRateLimiter(_clock, _state.State.MaxMessagesPerSecond, _options);
        if (!_limiter.TryAcquire(messageClass.Priority(), out var retryAfter))
        {
            if (messageClass == RoomMessageClass.Like) _shedLike++; else _shedChat++;
            RoomMetrics.MessageShed(messageClass);
            return Task.FromResult(new PostOutcome(0, (int)Math.Ceiling(retryAfter.TotalMilliseconds)));
        }
        RoomMetrics.MessageAccepted(messageClass);
        return Task.FromResult(new PostOutcome(Append(senderId, messageClass, text), 0));
    }

    public Task AnnounceViewers(string[] joined, string[] left)
    {
        RequireExists();
        _limiter ??= new RoomRateLimiter(_clock, _state.State.MaxMessagesPerSecond, _options);
        foreach (var (userId, kind) in joined.Select(u => (u, RoomMessageKind.Joined)).Concat(left.Select(u => (u, RoomMessageKind.Left))))
        {
            if (_limiter.TryAcquire(RoomMessageClass.Like.Priority(), out _))
            {
                RoomMetrics.MessageAccepted(RoomMessageClass.Like);
                Append(userId, RoomMessageClass.Like, "", kind);
            }
            else
            {
                _shedLike++;
                RoomMetrics.MessageShed(RoomMessageClass.Like);
            }
        }
        return Task.CompletedTask;
    }

    public async Task MuteUser(string callerId, string userId, TimeSpan duration)
    {
        RequireExists();
        RoomRules.RequireModerator(_state.State, callerId);
        RoomRules.RequireMayActOn(_state.State, callerId, userId);
        var length = RoomRules.SanctionLength(duration, TimeSpan.Zero);
        var mutes = _state.State.MutedUntilMs;
        RoomRules.Prune(mutes, NowMs);
        if (length == TimeSpan.Zero)
        {
            mutes.Remove(userId);
        }
        else
        {
            mutes[userId] = NowMs + (long)length.TotalMilliseconds;
        }
        await _state.WriteStateAsync();
        Append(callerId, RoomMessageClass.System, length == TimeSpan.Zero
            ? $"{userId} may post again"
            : $"{userId} was muted for {(long)length.TotalSeconds} s");
    }

    public async Task MuteRoom(string callerId, bool muted)
    {
        RequireExists();
        RoomRules.RequireModerator(_state.State, callerId);
        _state.State.Muted = muted;
        await _state.WriteStateAsync();
        Append(callerId, RoomMessageClass.System, muted ? "the room is muted" : "the room is open again");
    }

    public async Task RemoveViewer(string callerId, string userId, TimeSpan duration)
    {
        RequireExists();
        RoomRules.RequireModerator(_state.State, callerId);
        RoomRules.RequireMayActOn(_state.State, callerId, userId);
        var length = RoomRules.SanctionLength(duration, _options.DefaultRemoval);
        var removals = _state.State.RemovedUntilMs;
        RoomRules.Prune(removals, NowMs);
        var removal = new RoomRemoval(userId, NowMs + (long)length.TotalMilliseconds);
        removals[userId] = removal.UntilMs;
        await _state.WriteStateAsync();
        // Every gateway learns it, not only those where the user watches now: the user may
        // reconnect anywhere, and each gateway checks joins against what it was told.
        foreach (var gateway in _gateways.Observers)
        {
            _ = gateway.Remove(RoomIdValue, removal);
        }
        Append(callerId, RoomMessageClass.System, $"{userId} was removed");
    }

    public Task<RoomStats> GetStats() => Task.FromResult(new RoomStats(
        _windows, _broadcaster.GatewayCalls, _broadcaster.RelayCalls, _gateways.Count, _gateways.ViewerCount, _accepted, _shedChat, _shedLike));

    private long Append(string senderId, RoomMessageClass messageClass, string text, RoomMessageKind kind = RoomMessageKind.Post)
    {
        var message = new RoomMessageRecord(++_lastSeq, senderId, messageClass, text, NowMs, kind);
        _pending.Add(message);
        _recent.Add(message);
        _accepted++;
        return message.Seq;
    }

    /// <summary>The window's one call per gateway: everything accepted since the last window, plus the viewer count when it changed.</summary>
    private Task FlushWindowAsync(CancellationToken cancellationToken)
    {
        if (_clock.GetElapsedTime(_expiredAt) >= _options.GatewayRefreshInterval)
        {
            _gateways.Expire(_options.GatewayTtl);
            _expiredAt = _clock.GetTimestamp();
        }
        if (_pending.Count == 0 && _pushedViewerCount == _gateways.ViewerCount)
        {
            return Task.CompletedTask;
        }
        var batch = new RoomBatchRecord(++_windows, [.. _pending], _gateways.ViewerCount);
        _pending.Clear();
        _pushedViewerCount = batch.ViewerCount;
        _broadcaster.Send(batch, _gateways.Observers);
        return Task.CompletedTask;
    }

    private RoomInfoRecord Info() => new(
        RoomIdValue, _state.State.Title, _state.State.OwnerId, [.. _state.State.ModeratorIds], _state.State.MaxMessagesPerSecond, _state.State.Muted);

    private void RequireExists()
    {
        if (!_state.State.Exists)
        {
            throw ImException.NotFound($"Room {RoomIdValue} does not exist.");
        }
    }
}
