using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;

namespace OrleansIm.Grains.Conversations;

/// <summary>Who may do what in a conversation. Pure functions over the state so they are easy to test and to read.</summary>
internal static class MembershipRules
{
    public static void RequireExists(ConversationState state, string conversationId)
    {
        if (!state.Exists)
        {
            throw ImException.NotFound($"Conversation '{conversationId}' does not exist.");
        }
    }

    public static MemberState RequireMember(ConversationState state, IReadOnlyDictionary<string, MemberState> members, string conversationId, string userId)
    {
        RequireExists(state, conversationId);
        if (!members.TryGetValue(userId, out var member))
        {
            throw ImException.PermissionDenied($"User '{userId}' is not a member of conversation '{conversationId}'.");
        }
        return member;
    }

    public static MemberState RequireGroupRole(ConversationState state, IReadOnlyDictionary<string, MemberState> members, string conversationId, string actorId, MemberRole atLeast)
    {
        var member = RequireMember(state, members, conversationId, actorId);
        RequireGroup(state, conversationId);
        if (member.Role < atLeast)
        {
            throw ImException.PermissionDenied($"Only a group {atLeast.ToString().ToLowerInvariant()} may do this; '{actorId}' is {member.Role.ToString().ToLowerInvariant()}.");
        }
        return member;
    }

    public static void RequireGroup(ConversationState state, string conversationId)
    {
        if (state.Kind != ConversationKind.Group)
        {
            throw ImException.FailedPrecondition($"Conversation '{conversationId}' is a direct conversation; its membership is fixed.");
        }
    }

    /// <summary>When the owner leaves, the longest-serving admin takes over, else the longest-serving member.</summary>
    public static string? NextOwner(IReadOnlyDictionary<string, MemberState> members, string leavingOwner) =>
        members
            .Where(m => m.Key != leavingOwner)
            .OrderByDescending(m => m.Value.Role)
            .ThenBy(m => m.Value.JoinedSeq)
            .ThenBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => m.Key)
            .FirstOrDefault();

    /// <summary>A muted member, or anyone below admin while the whole group is muted, may not send.</summary>
    public static void RequireMaySend(ConversationState state, MemberState member, string conversationId, string userId)
    {
        if (member.Role >= MemberRole.Admin)
        {
            return;
        }
        if (member.Muted)
        {
            throw ImException.PermissionDenied($"User '{userId}' is muted in conversation '{conversationId}'.");
        }
        if (state.MuteAll)
        {
            throw ImException.PermissionDenied($"Conversation '{conversationId}' is muted: only admins may send.");
        }
    }
}
