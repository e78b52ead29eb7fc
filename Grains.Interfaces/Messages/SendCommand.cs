using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Messages;

[GenerateSerializer, Immutable, Alias("OrleansIm.SendCommand")]
public sealed record SendCommand(
    [property: Id(0)] string SenderId,
    [property: Id(1)] string ClientMessageId,
    [property: Id(2)] MessageBody Body,
    [property: Id(3)] string[]? MentionIds = null);
