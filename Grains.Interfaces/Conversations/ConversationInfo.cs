using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Conversations;

[GenerateSerializer, Immutable, Alias("OrleansIm.ConversationInfo")]
public sealed record ConversationInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] ConversationKind Kind,
    [property: Id(2)] string Name,
    [property: Id(3)] MemberInfo[] Members,
    [property: Id(4)] long LastSeq,
    [property: Id(5)] long CreatedAtMs,
    [property: Id(6)] int MemberCount = 0,
    [property: Id(7)] bool Large = false,
    [property: Id(8)] bool MuteAll = false,
    [property: Id(9)] bool HistoryForNewMembers = false);
