using Orleans.Concurrency;
using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Interfaces.Conversations;

/// <summary>
/// A large group's hint together with the messages it announces, (PreviousSeq, LastSeq], as the
/// conversation holds them (edits and recalls applied). Sent once per gateway per window, so
/// the gateway can answer its members' pulls of that window itself: the conversation then serves
/// one call per gateway per window instead of one pull per online member. The members are still
/// told only the compact hint. <see cref="MaxPageSize"/> is the conversation's page limit, so the
/// gateway refuses nothing the conversation would accept and answers nothing it would refuse.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.ConversationWindow")]
public sealed record ConversationWindow(
    [property: Id(0)] ConversationAdvanced Hint,
    [property: Id(1)] MessageRecord[] Messages,
    [property: Id(2)] int MaxPageSize);
