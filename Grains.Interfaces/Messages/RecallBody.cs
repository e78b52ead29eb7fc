using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Messages;

/// <summary>The event that withdraws message <see cref="TargetSeq"/>.</summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.RecallBody")]
public sealed record RecallBody([property: Id(0)] long TargetSeq) : MessageBody
{
    public override bool CountsAsUnread => false;
}
