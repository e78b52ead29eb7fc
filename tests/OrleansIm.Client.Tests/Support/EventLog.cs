using System.Threading.Channels;
using OrleansIm.Client.Events;

namespace OrleansIm.Client.Tests.Support;

/// <summary>An unbounded event channel whose contents a test reads back synchronously.</summary>
internal sealed class EventLog
{
    private readonly Channel<ImEvent> _channel = Channel.CreateUnbounded<ImEvent>();

    public ChannelWriter<ImEvent> Writer => _channel.Writer;

    public List<ImEvent> Drain()
    {
        var events = new List<ImEvent>();
        while (_channel.Reader.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>"conversation#seq" of each delivered message, in delivery order.</summary>
    public List<string> DrainMessages() =>
        Drain().OfType<MessageReceived>().Select(m => $"{m.Message.ConversationId}#{m.Message.Seq}").ToList();
}
