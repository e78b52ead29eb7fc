namespace OrleansIm.Grains.Interfaces.Messages;

[GenerateSerializer, Alias("OrleansIm.SystemNoticeKind")]
public enum SystemNoticeKind
{
    Created = 1,
    MembersAdded = 2,
    MemberRemoved = 3,
    MemberLeft = 4,
    Renamed = 5,
    RoleChanged = 6,

    /// <summary>A message from the operators (admin or service), posted with AdminService.PostSystemMessage; its words are in Text.</summary>
    Announcement = 7,
}
