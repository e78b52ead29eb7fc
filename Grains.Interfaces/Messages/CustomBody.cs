using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Messages;

/// <summary>An application-defined payload the server stores and relays without reading it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.CustomBody")]
public sealed record CustomBody([property: Id(0)] string Type, [property: Id(1)] byte[] Data) : MessageBody
{
    public override bool CountsAsUnread => true;
}
