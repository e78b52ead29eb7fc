using System.Text;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Grains.Rooms;

/// <summary>Who may do what in a room, and what a post and a new room must look like.</summary>
internal static class RoomRules
{
    public static bool IsModerator(LiveRoomState state, string userId) =>
        state.OwnerId == userId || state.ModeratorIds.Contains(userId, StringComparer.Ordinal);

    public static void RequireModerator(LiveRoomState state, string callerId)
    {
        if (!IsModerator(state, callerId))
        {
            throw ImException.PermissionDenied("Only the room's owner and moderators may moderate it.");
        }
    }

    /// <summary>Nobody sanctions the owner, and only the owner sanctions a moderator.</summary>
    public static void RequireMayActOn(LiveRoomState state, string callerId, string targetId)
    {
        UserId.Require(targetId, "user_id");
        if (targetId == state.OwnerId || (state.ModeratorIds.Contains(targetId, StringComparer.Ordinal) && callerId != state.OwnerId))
        {
            throw ImException.PermissionDenied($"{callerId} may not sanction {targetId} in this room.");
        }
    }

    public static void RequireMayPost(LiveRoomState state, string senderId, long nowMs)
    {
        if (state.RemovedUntilMs.TryGetValue(senderId, out var removed) && removed > nowMs)
        {
            throw ImException.PermissionDenied("You were removed from this room.");
        }
        if (state.MutedUntilMs.TryGetValue(senderId, out var muted) && muted > nowMs)
        {
            throw ImException.PermissionDenied($"You are muted in this room for {(muted - nowMs + 999) / 1000} more seconds.");
        }
        if (state.Muted && !IsModerator(state, senderId))
        {
            throw ImException.PermissionDenied("The room is muted: only its owner and moderators may post.");
        }
    }

    public static void ValidatePost(RoomMessageClass messageClass, string text, LiveRoomOptions options)
    {
        if (!messageClass.PostableByClients())
        {
            throw ImException.InvalidArgument("class must be GIFT, CHAT or LIKE.");
        }
        if (messageClass != RoomMessageClass.Like && string.IsNullOrWhiteSpace(text))
        {
            throw ImException.InvalidArgument("text must not be empty for CHAT and GIFT.");
        }
        if (Encoding.UTF8.GetByteCount(text) > options.MaxTextBytes)
        {
            throw ImException.InvalidArgument($"text must be at most {options.MaxTextBytes} UTF-8 bytes.");
        }
    }

    public static string[] ValidateCreate(CreateRoomCommand command, LiveRoomOptions options)
    {
        UserId.Require(command.OwnerId, "owner");
        if (command.Title.Length > options.MaxTitleLength)
        {
            throw ImException.InvalidArgument($"title must be at most {options.MaxTitleLength} characters.");
        }
        if (command.MaxMessagesPerSecond < 0 || command.MaxMessagesPerSecond > options.MessagesPerSecond)
        {
            throw ImException.InvalidArgument($"max_messages_per_second must be in 0..{options.MessagesPerSecond} (0 for the default).");
        }
        var moderators = command.ModeratorIds.Select(m => UserId.Require(m, "moderator_ids"))
            .Where(m => m != command.OwnerId).Distinct(StringComparer.Ordinal).ToArray();
        if (moderators.Length > options.MaxModerators)
        {
            throw ImException.InvalidArgument($"moderator_ids may name at most {options.MaxModerators} users.");
        }
        return moderators;
    }

    public static TimeSpan SanctionLength(TimeSpan requested, TimeSpan whenZero)
    {
        if (requested < TimeSpan.Zero || requested > LiveRoomOptions.MaxSanction)
        {
            throw ImException.InvalidArgument("duration_seconds must be in 0..604800.");
        }
        return requested == TimeSpan.Zero ? whenZero : requested;
    }

    /// <summary>Drops sanctions that have run out, so the persisted state does not grow forever.</summary>
    public static void Prune(Dictionary<string, long> untilMs, long nowMs)
    {
        foreach (var expired in untilMs.Where(e => e.Value <= nowMs).Select(e => e.Key).ToList())
        {
            untilMs.Remove(expired);
        }
    }
}
