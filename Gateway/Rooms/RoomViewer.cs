using System.Threading.Channels;
using Grpc.Core;
using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Protocol.V1;
using RoomClosedCode = OrleansIm.Grains.Interfaces.Rooms.RoomClosedCode;
using RoomMessageClass = OrleansIm.Grains.Interfaces.Rooms.RoomMessageClass;

namespace OrleansIm.Gateway.Rooms;

/// <summary>
/// One Watch call. Batches are queued without waiting (the room's fan-out never blocks on a
/// viewer); one writer drains everything queued into ONE frame, so a viewer that falls behind
/// gets fewer, larger frames. Past the queue's capacity the lowest class is shed (counted and
/// reported in the next frame); a queue full of messages that may not be shed closes the watch.
/// </summary>
internal sealed class RoomViewer(string userId, int capacity, DateTimeOffset tokenExpiresAt, string tokenSigningKey)
{
    private readonly object _gate = new();
    private readonly List<RoomMessage> _pending = [];
    // A wake-up flag, not a queue: one pending signal is enough, as the writer takes everything queued.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly ViewerShedCounts _shed = new();
    private long _viewerCount;
    private bool _countChanged;
    private RoomClosed? _closed;

    public string UserId { get; } = userId;

    /// <summary>The <c>exp</c> of the bearer token the watch was opened with.</summary>
    public DateTimeOffset TokenExpiresAt { get; } = tokenExpiresAt;

    /// <summary>The key that verified that token (<see cref="Auth.SigningKeyIdentity"/>).</summary>
    public string TokenSigningKey { get; } = tokenSigningKey;

    /// <summary>Messages shed for this viewer since it joined, by class.</summary>
    public ViewerShedCounts TotalShed { get; } = new();

    /// <summary>Queues one batch (shared proto messages, never mutated) for this viewer.</summary>
    public void Enqueue(IReadOnlyList<RoomMessage> messages, long viewerCount)
    {
        lock (_gate)
        {
            if (_closed is not null)
            {
                return;
            }
            _pending.AddRange(messages);
            _countChanged |= viewerCount != _viewerCount;
            _viewerCount = viewerCount;
            if (_pending.Count > capacity && !ShedLocked(_pending.Count - capacity))
            {
                CloseLocked(RoomClosedCode.TooSlow, $"too slow: more than {capacity} gift and system messages waiting");
            }
        }
        Wake();
    }

    /// <summary>Ends the watch with <paramref name="reason"/>: what is queued is dropped and the closing frame goes next.</summary>
    /// <returns>False when the watch was already closing (the first reason stands).</returns>
    public bool Close(RoomClosedCode code, string reason)
    {
        bool closed;
        lock (_gate)
        {
            closed = _closed is null;
            CloseLocked(code, reason);
        }
        Wake();
        return closed;
    }

    /// <summary>Writes the joined frame, then one frame per wake-up until closed or cancelled.</summary>
    public async Task RunAsync(IServerStreamWriter<RoomFrame> stream, RoomJoined joined, TimeSpan closeGrace, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _viewerCount = joined.ViewerCount;
        }
        await stream.WriteAsync(new RoomFrame { Joined = joined }, cancellationToken);
        while (true)
        {
            await _wake.Reader.ReadAsync(cancellationToken);
            var (frame, last) = TakeFrame();
            if (frame is null)
            {
                continue;
            }
            if (!last)
            {
                await stream.WriteAsync(frame, cancellationToken);
                continue;
            }
            // The closing frame gets a short grace; a viewer that does not read it is cut.
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(closeGrace);
            await stream.WriteAsync(frame, grace.Token);
            return;
        }
    }

    private (RoomFrame? Frame, bool Last) TakeFrame()
    {
        lock (_gate)
        {
            if (_closed is not null)
            {
                if (_shed.Any)
                {
                    _closed.Shed = _shed.TakeProto();
                }
                return (new RoomFrame { Closed = _closed }, true);
            }
            if (_pending.Count == 0 && !_countChanged && !_shed.Any)
            {
                return (null, false);
            }
            var batch = new RoomBatch { ViewerCount = _viewerCount };
            batch.Messages.AddRange(_pending);
            if (_shed.Any)
            {
                batch.Shed = _shed.TakeProto();
            }
            _pending.Clear();
            _countChanged = false;
            return (new RoomFrame { Batch = batch }, false);
        }
    }

    /// <summary>Sheds <paramref name="excess"/> messages, oldest of the lowest tier first; false if only unsheddable ones are left.</summary>
    private bool ShedLocked(int excess)
    {
        foreach (var tier in new[] { RoomPriority.Low, RoomPriority.Normal })
        {
            var shedding = excess;
            var removed = _pending.RemoveAll(m =>
            {
                if (shedding == 0 || ((RoomMessageClass)(int)m.Class).Priority() != tier)
                {
                    return false;
                }
                shedding--;
                return true;
            });
            _shed.Add(tier, removed);
            TotalShed.Add(tier, removed);
            Telemetry.GatewayMetrics.RoomMessagesShed(tier == RoomPriority.Low ? "like" : "chat", removed);
            excess -= removed;
            if (excess == 0)
            {
                return true;
            }
        }
        return false;
    }

    private void CloseLocked(RoomClosedCode code, string reason)
    {
        if (_closed is null)
        {
            _closed = new RoomClosed { Code = (Protocol.V1.RoomClosedCode)(int)code, Reason = reason };
            _pending.Clear();
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);
}
