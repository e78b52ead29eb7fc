using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;

namespace OrleansIm.Grains.Interfaces.Ids;

/// <summary>
/// Conversation ids: "d:{a}:{b}" for the one direct conversation of a pair (a &lt; b ordinally,
/// so both sides compute the same id) and "g:{token}" for groups.
/// </summary>
public static class ConversationId
{
    public const string DirectPrefix = "d:";
    public const string GroupPrefix = "g:";

    public static string Direct(string userA, string userB)
    {
        if (string.Equals(userA, userB, StringComparison.Ordinal))
        {
            throw ImException.InvalidArgument("A direct conversation needs two different users.");
        }
        return string.CompareOrdinal(userA, userB) < 0
            ? $"{DirectPrefix}{userA}:{userB}"
            : $"{DirectPrefix}{userB}:{userA}";
    }

    public static string NewGroup() => GroupPrefix + Guid.NewGuid().ToString("N");

    public static ConversationKind KindOf(string id) =>
        id.StartsWith(DirectPrefix, StringComparison.Ordinal) ? ConversationKind.Direct : ConversationKind.Group;

    /// <summary>The two members encoded in a direct id, or null if the id is not a well-formed direct id.</summary>
    public static (string A, string B)? DirectMembers(string id)
    {
        if (!id.StartsWith(DirectPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var parts = id[DirectPrefix.Length..].Split(':');
        if (parts.Length != 2 || !UserId.IsValid(parts[0]) || !UserId.IsValid(parts[1])
            || string.CompareOrdinal(parts[0], parts[1]) >= 0)
        {
            return null;
        }
        return (parts[0], parts[1]);
    }

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }
        if (id.StartsWith(GroupPrefix, StringComparison.Ordinal))
        {
            return IdSyntax.IsToken(id[GroupPrefix.Length..], UserId.MaxLength);
        }
        return DirectMembers(id) is not null;
    }

    public static string Require(string? id, string field = "conversation_id")
    {
        if (!IsValid(id))
        {
            throw ImException.InvalidArgument(
                $"{field} must be 'd:<userA>:<userB>' (userA < userB) or 'g:<id>' with ids of 1-{UserId.MaxLength} characters of A-Z, a-z, 0-9, '_', '.', '-'.");
        }
        return id!;
    }
}
