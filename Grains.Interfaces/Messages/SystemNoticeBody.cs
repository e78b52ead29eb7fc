using Orleans.Concurrency;
using OrleansIm.Grains.Interfaces.Conversations;

namespace OrleansIm.Grains.Interfaces.Messages;

/// <summary>
/// Written by the conversation itself when its membership or name changes, so that those
/// changes are ordered with the messages and reach every member (and the removed one) by the
/// same path.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.SystemNoticeBody")]
public sealed record SystemNoticeBody(
    [property: Id(0)] SystemNoticeKind Kind,
    [property: Id(1)] string ActorId,
    [property: Id(2)] string[] TargetIds,
    [property: Id(3)] string Name,
    [property: Id(4)] MemberRole Role,
    [property: Id(5)] string? Text = null) : MessageBody
{
    /// <summary>Membership notices are bookkeeping; an announcement is written for people to read.</summary>
    public override bool CountsAsUnread => Kind == SystemNoticeKind.Announcement;
}
