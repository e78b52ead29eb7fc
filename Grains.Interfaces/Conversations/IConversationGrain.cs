using OrleansIm.Grains.Interfaces.Security;
using Orleans.Concurrency;
using OrleansIm.Grains.Interfaces.Gateway;
using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Interfaces.Conversations;

/// <summary>
/// One conversation (key: its id, see <see cref="Ids.ConversationId"/>). The only writer of
/// its sequence numbers, membership and read positions. Every method that names a user
/// checks that user's membership. The silo's grain boundary check (see <see cref="ActsForAttribute"/>)
/// makes sure that user is the authenticated caller (or the caller is an admin or a service).
/// Refusals are <see cref="Errors.ImException"/>s.
/// </summary>
[Alias("OrleansIm.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Creates the direct conversation on first use; the requester must be one of its pair.</summary>
    [ActsFor("requesterId", RefusedWhenBanned = true)]
    [Alias("OpenDirect")]
    Task<ConversationInfo> OpenDirect(string requesterId);

    [ActsFor("ownerId", RefusedWhenBanned = true)]
    [Alias("CreateGroup")]
    Task<ConversationInfo> CreateGroup(string ownerId, string name, string[] memberIds);

    /// <summary>Activates the conversation so it resumes a delivery a node stop cut short; used at node start.</summary>
    [Alias("Wake")]
    Task Wake();

    [ActsFor("requesterId")]
    [Alias("GetInfo")]
    Task<ConversationInfo> GetInfo(string requesterId);

    /// <summary>Acknowledges only once the message is durable; retries with the same client message id return the first ack.</summary>
    [ActsFor("command.SenderId", RefusedWhenBanned = true)]
    [Alias("Send")]
    Task<SendOutcome> Send(SendCommand command);

    [ActsFor("senderId", RefusedWhenBanned = true)]
    [Alias("Edit")]
    Task<SendOutcome> Edit(string senderId, long targetSeq, string clientMessageId, MessageBody newBody);

    [ActsFor("senderId")]
    [Alias("Recall")]
    Task<SendOutcome> Recall(string senderId, long targetSeq, string clientMessageId);

    [ActsFor("requesterId")]
    [Alias("GetHistory")]
    Task<HistoryPage> GetHistory(string requesterId, long anchorSeq, HistoryDirection direction, int limit);

    [ActsFor("actorId", RefusedWhenBanned = true)]
    [Alias("AddMembers")]
    Task<ConversationInfo> AddMembers(string actorId, string[] userIds);

    [ActsFor("actorId")]
    [Alias("RemoveMember")]
    Task<ConversationInfo> RemoveMember(string actorId, string userId);

    [ActsFor("userId")]
    [Alias("Leave")]
    Task Leave(string userId);

    [ActsFor("actorId", RefusedWhenBanned = true)]
    [Alias("Rename")]
    Task<ConversationInfo> Rename(string actorId, string name);

    [ActsFor("actorId")]
    [Alias("SetRole")]
    Task<ConversationInfo> SetRole(string actorId, string userId, MemberRole role);

    /// <summary>Called by the reader's user grain after it moved its read position; clamps, stores it and sends receipts.</summary>
    [ActsFor("userId")]
    [Alias("RecordRead")]
    Task RecordRead(string userId, long readSeq);

    [ActsFor("requesterId")]
    [Alias("GetReadPositions")]
    Task<ReadPositionInfo[]> GetReadPositions(string requesterId);

    /// <summary>Relays an ephemeral typing signal to the other members' online devices.</summary>
    [ActsFor("userId", RefusedWhenBanned = true)]
    [Alias("Typing")]
    Task Typing(string userId, bool typing);

    // ---- large groups and moderation (docs/large-groups.md) ------------------------------

    /// <summary>Members in user id order after <paramref name="afterUserId"/> ("" for the first page).</summary>
    [ActsFor("requesterId")]
    [Alias("ListMembers")]
    Task<MemberPage> ListMembers(string requesterId, string afterUserId, int limit);

    /// <summary>Admins mute or unmute a member; a muted member cannot send. Admins and the owner cannot be muted.</summary>
    [ActsFor("actorId")]
    [Alias("SetMuted")]
    Task<ConversationInfo> SetMuted(string actorId, string userId, bool muted);

    /// <summary>Admins change group settings; a null leaves that setting as it is.</summary>
    [ActsFor("actorId")]
    [Alias("SetGroupSettings")]
    Task<ConversationInfo> SetGroupSettings(string actorId, bool? muteAll, bool? historyForNewMembers);

    [ActsFor("userId", RefusedWhenBanned = true)]
    [Alias("RequestJoin")]
    Task RequestJoin(string userId, string note);

    [ActsFor("actorId")]
    [Alias("ListJoinRequests")]
    Task<JoinRequestInfo[]> ListJoinRequests(string actorId);

    /// <summary>Admins approve (the user becomes a member) or deny a pending join request.</summary>
    [ActsFor("actorId")]
    [Alias("DecideJoinRequest")]
    Task<ConversationInfo> DecideJoinRequest(string actorId, string userId, bool approve);

    /// <summary>
    /// A large group member's user grain says at which gateways the member is online (none:
    /// offline). The group sends its merged "advanced" hints there; registrations expire unless renewed.
    /// </summary>
    [ActsFor("userId")]
    [Alias("SetOnline")]
    Task SetOnline(string userId, IGatewayObserver[] gateways);

    /// <summary>What the member's conversation list shows of a large group.</summary>
    [ActsFor("userId")]
    [Alias("GetLargeSummary")]
    Task<LargeGroupSummary> GetLargeSummary(string userId);

    /// <summary>
    /// Posts an operators' announcement (a system notice of kind Announcement, counted as unread)
    /// as the calling admin or service; it needs no membership and passes the content filters.
    /// </summary>
    [RequiresPrivilege]
    [Alias("PostSystemMessage")]
    Task<SendOutcome> PostSystemMessage(string clientMessageId, string text);
}
