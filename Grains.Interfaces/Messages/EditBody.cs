using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Messages;

/// <summary>The event that replaces the body of message <see cref="TargetSeq"/>.</summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.EditBody")]
public sealed record EditBody([property: Id(0)] long TargetSeq, [property: Id(1)] MessageBody NewBody) : MessageBody
{
    public override bool CountsAsUnread => false;
}
