using OrleansIm.Client;
using OrleansIm.Client.Rooms;
using OrleansIm.Protocol.V1;

namespace OrleansIm.EndToEnd.Tests.Rooms;

/// <summary>Reads one SDK room watch in the background so a test can wait on what it has seen.</summary>
internal sealed class RoomWatchRecorder : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly List<RoomEvent> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    public RoomWatchRecorder(ImClient client, string roomId)
    {
        _reader = ReadAsync(client, roomId);
    }

    public IReadOnlyList<RoomEvent> Events
    {
        get { lock (_events) { return [.. _events]; } }
    }

    /// <summary>Posts (not arrival announcements) in the order the app got them, from joins and batches alike.</summary>
    public IReadOnlyList<RoomMessage> Posts => Events
        .SelectMany(e => e switch
        {
            RoomJoinedEvent joined => joined.Recent,
            RoomMessagesEvent batch => batch.Messages,
            _ => [],
        })
        .Where(m => m.Kind == RoomMessageKind.Post)
        .ToList();

    public async Task WaitUntilAsync(Func<RoomWatchRecorder, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition(this))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || (!await _arrived.WaitAsync(left) && !condition(this)))
            {
                throw new TimeoutException($"Timed out waiting for {what}; events so far: {string.Join(", ", Events)}");
            }
        }
    }

    private async Task ReadAsync(ImClient client, string roomId)
    {
        try
        {
            await foreach (var e in client.WatchRoomAsync(roomId, _stop.Token))
            {
                lock (_events)
                {
                    _events.Add(e);
                }
                _arrived.Release();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        _stop.Dispose();
    }
}
