using OrleansIm.Client;
using OrleansIm.Client.Rooms;
using OrleansIm.EndToEnd.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.EndToEnd.Tests.Rooms;

/// <summary>Reads one SDK room watch in the background so a test can wait on what it has seen.</summary>
internal sealed class RoomWatchRecorder : IAsyncDisposable
{
    private readonly SignalledLog<RoomEvent> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    public RoomWatchRecorder(ImClient client, string roomId)
    {
        _reader = ReadAsync(client, roomId);
    }

    public IReadOnlyList<RoomEvent> Events => _events.Items;

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

    public Task WaitUntilAsync(Func<RoomWatchRecorder, bool> condition, string what) =>
        _events.WaitUntilAsync(() => condition(this), what);

    private async Task ReadAsync(ImClient client, string roomId)
    {
        try
        {
            await foreach (var e in client.WatchRoomAsync(roomId, _stop.Token))
            {
                _events.Add(e);
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
