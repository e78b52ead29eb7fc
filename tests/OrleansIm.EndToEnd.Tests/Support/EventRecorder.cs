using OrleansIm.Client;
using OrleansIm.Client.Events;
using OrleansIm.Protocol.V1;

namespace OrleansIm.EndToEnd.Tests.Support;

/// <summary>Reads an <see cref="ImClient"/>'s events in the background so tests can wait on conditions.</summary>
public sealed class EventRecorder : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly List<ImEvent> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    public EventRecorder(ImClient client)
    {
        Client = client;
        _reader = ReadAsync();
    }

    public ImClient Client { get; }

    public IReadOnlyList<ImEvent> Events
    {
        get { lock (_events) { return [.. _events]; } }
    }

    public IReadOnlyList<Message> Messages(string conversationId) =>
        Events.OfType<MessageReceived>().Select(m => m.Message).Where(m => m.ConversationId == conversationId).ToList();

    public async Task WaitUntilAsync(Func<EventRecorder, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!condition(this))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || (!await _arrived.WaitAsync(left) && !condition(this)))
            {
                throw new TimeoutException($"Timed out waiting for {what}; {Events.Count} events so far: {string.Join(", ", Events.TakeLast(10))}");
            }
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var e in Client.ReadEventsAsync(_stop.Token))
            {
                lock (_events)
                {
                    _events.Add(e);
                }
                _arrived.Release();
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
