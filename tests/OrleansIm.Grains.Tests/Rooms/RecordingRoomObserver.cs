using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Grains.Tests.Rooms;

/// <summary>
/// What a gateway would receive from rooms, in arrival order. Every call completes a signal, so
/// tests wait for a condition over what arrived (with a timeout) instead of sleeping.
/// </summary>
public sealed class RecordingRoomObserver : IRoomGatewayObserver
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly object _gate = new();
    private readonly List<(string RoomId, RoomBatchRecord Batch)> _batches = [];
    private readonly List<(string RoomId, RoomRemoval Removal)> _removals = [];
    private readonly List<string> _closed = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Deliver(string roomId, RoomBatchRecord batch) => Record(() => _batches.Add((roomId, batch)));

    public Task Remove(string roomId, RoomRemoval removal) => Record(() => _removals.Add((roomId, removal)));

    public Task Closed(string roomId, string reason) => Record(() => _closed.Add(roomId));

    /// <summary>The room's batches in window order (one-way calls may arrive out of order).</summary>
    public IReadOnlyList<RoomBatchRecord> Batches(string roomId)
    {
        lock (_gate)
        {
            return [.. _batches.Where(b => b.RoomId == roomId).Select(b => b.Batch).OrderBy(b => b.Window)];
        }
    }

    public IReadOnlyList<RoomMessageRecord> Messages(string roomId) => [.. Batches(roomId).SelectMany(b => b.Messages)];

    public IReadOnlyList<RoomRemoval> Removals(string roomId)
    {
        lock (_gate)
        {
            return [.. _removals.Where(r => r.RoomId == roomId).Select(r => r.Removal)];
        }
    }

    public bool WasClosed(string roomId)
    {
        lock (_gate)
        {
            return _closed.Contains(roomId);
        }
    }

    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        using var expiry = new CancellationTokenSource(timeout ?? Timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }
            if (condition())
            {
                return;
            }
            try
            {
                await changed.WaitAsync(expiry.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {timeout ?? Timeout} waiting until {what}.");
            }
        }
    }

    public Task WaitForMessagesAsync(string roomId, int count) =>
        WaitUntilAsync(() => Messages(roomId).Count >= count, $"{count} messages of {roomId} arrived");

    private Task Record(Action add)
    {
        lock (_gate)
        {
            add();
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }
        return Task.CompletedTask;
    }
}
