namespace OrleansIm.Grains.Storage;

/// <summary>A large group a user belongs to, from the user's side (the group_member_by_user index).</summary>
public sealed record GroupMembership(string ConversationId, long JoinedSeq);
