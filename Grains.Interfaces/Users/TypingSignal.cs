using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Users;

[GenerateSerializer, Immutable, Alias("OrleansIm.TypingSignal")]
public sealed record TypingSignal([property: Id(0)] string ConversationId, [property: Id(1)] string UserId, [property: Id(2)] bool Typing);
