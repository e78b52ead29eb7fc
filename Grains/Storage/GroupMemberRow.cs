using OrleansIm.Grains.Interfaces.Conversations;

namespace OrleansIm.Grains.Storage;

/// <summary>One member of a large group as the store keeps it (group_member): joined at <see cref="JoinedSeq"/>, the first seq the member may see.</summary>
public sealed record GroupMemberRow(string UserId, MemberRole Role, long JoinedSeq, long JoinedAtMs, bool Muted);
