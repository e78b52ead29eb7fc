namespace OrleansIm.Grains.Interfaces.Messages;

/// <summary>The event that withdraws message <see cref="TargetSeq"/>.</summary>
[GenerateSerializer, Alias("OrleansIm.RecallBody")]
public sealed record RecallBody([property: Id(0)] long TargetSeq) : MessageBody
{
    public override bool CountsAsUnread => false;

    public override string Preview() => "(message recalled)";
}
