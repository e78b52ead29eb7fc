namespace OrleansIm.Grains.Interfaces.Conversations;

[GenerateSerializer, Alias("OrleansIm.MemberRole")]
public enum MemberRole
{
    Member = 1,
    Admin = 2,
    Owner = 3,
}
