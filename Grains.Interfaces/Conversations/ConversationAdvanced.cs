using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Conversations;

/// <summary>
/// The compact hint a large group sends its online members instead of the messages: messages
/// (<see cref="PreviousSeq"/>, <see cref="LastSeq"/>] are new since the previous hint; pull them by
/// conversation seq. One hint covers every message of its merge window.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.ConversationAdvanced")]
public sealed record ConversationAdvanced(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] long LastSeq,
    [property: Id(2)] long PreviousSeq);
