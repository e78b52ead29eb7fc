using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Users;

[GenerateSerializer, Immutable, Alias("OrleansIm.PresenceSignal")]
public sealed record PresenceSignal([property: Id(0)] string UserId, [property: Id(1)] bool Online, [property: Id(2)] long AtMs);
