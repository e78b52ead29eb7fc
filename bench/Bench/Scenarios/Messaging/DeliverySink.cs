using OrleansIm.Bench.Measurement;
using OrleansIm.Client.Events;

namespace OrleansIm.Bench.Scenarios.Messaging;

/// <summary>Routes every client's deliveries into the ledger of the phase that is running.</summary>
public sealed class DeliverySink
{
    private volatile DeliveryLedger? _current;

    public DeliveryLedger? Current
    {
        get => _current;
        set => _current = value;
    }

    public void OnEvent(string userId, ImEvent e)
    {
        if (e is MessageReceived { IsOwn: false } received)
        {
            _current?.RecordDelivery(userId, received.Message.ClientMessageId);
        }
    }
}
