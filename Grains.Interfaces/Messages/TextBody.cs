using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Messages;

[GenerateSerializer, Immutable, Alias("OrleansIm.TextBody")]
public sealed record TextBody([property: Id(0)] string Text) : MessageBody
{
    public override bool CountsAsUnread => true;
}
