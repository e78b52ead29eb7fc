namespace OrleansIm.Grains.Users;

/// <summary>
/// What a user grain keeps of a large group it is a member of: only what the user's own actions
/// and mentions change. Last seq and unread are computed from the group when the list is asked
/// for, since the group never calls its members per message.
/// </summary>
[GenerateSerializer, Alias("OrleansIm.LargeGroupMark")]
public sealed class LargeGroupMark
{
    [Id(0)] public long ReadSeq { get; set; }

    /// <summary>The newest seq that mentioned the user; a mention flag while above the read seq.</summary>
    [Id(1)] public long MentionSeq { get; set; }
}
