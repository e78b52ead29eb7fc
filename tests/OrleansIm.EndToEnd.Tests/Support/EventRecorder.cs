using OrleansIm.Client;
using OrleansIm.Client.Events;
using OrleansIm.Protocol.V1;

namespace OrleansIm.EndToEnd.Tests.Support;

/// <summary>Reads an <see cref="ImClient"/>'s events in the background so tests can wait on conditions.</summary>
public sealed class EventRecorder : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = SignalledLog<ImEvent>.Timeout;

    private readonly SignalledLog<ImEvent> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    public EventRecorder(ImClient client)
    {
        Client = client;
        _reader = ReadAsync();
    }

    public ImClient Client { get; }

    public IReadOnlyList<ImEvent> Events => _events.Items;

    public IReadOnlyList<Message> Messages(string conversationId) =>
        Events.OfType<MessageReceived>().Select(m => m.Message).Where(m => m.ConversationId == conversationId).ToList();

    public Task WaitUntilAsync(Func<EventRecorder, bool> condition, string what, TimeSpan? timeout = null) =>
        _events.WaitUntilAsync(() => condition(this), what, timeout);

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var e in Client.ReadEventsAsync(_stop.Token))
            {
                _events.Add(e);
            }
        }
        catch (OperationCanceledException)
        {
            // The test is done with this client.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        await Client.DisposeAsync();
    }
}
