using OrleansIm.Client.Events;

namespace OrleansIm.Client.Tests.Support;

/// <summary>Reads a client's events until one of the wanted kind arrives, keeping everything seen for assertions.</summary>
internal sealed class EventStream(ImClient client)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public List<ImEvent> Seen { get; } = [];

    public IEnumerable<string> Messages =>
        Seen.OfType<MessageReceived>().Select(m => $"{m.Message.ConversationId}#{m.Message.Seq}");

    public async Task<T> NextAsync<T>(Func<T, bool>? match = null)
        where T : ImEvent
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            var next = await client.Events.ReadAsync(patience.Token);
            Seen.Add(next);
            if (next is T wanted && (match is null || match(wanted)))
            {
                return wanted;
            }
        }
    }
}
