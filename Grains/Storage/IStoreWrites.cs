using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Storage;

/// <summary>
/// The writes a group-commit batch is made of. Each backend turns them into statements of the
/// batch's one transaction, in the order they are called.
/// </summary>
internal interface IStoreWrites
{
    void InsertMessage(MessageRecord message, string? bodyJson, bool countsAsUnread);

    /// <summary><paramref name="recalledBySeq"/> is the seq of the recall notice, 0 for an edit.</summary>
    void UpdateMessage(string conversationId, long seq, string? bodyJson, long editedAtMs, bool recalled, long recalledBySeq);

    void MarkDelivered(string conversationId, long seq);

    void InsertSyncEvent(string userId, StoredSyncEvent e);

    void SaveReadPosition(string conversationId, string userId, long readSeq);

    void UpsertGroupMember(string conversationId, GroupMemberRow row);

    void DeleteGroupMember(string conversationId, string userId);
}
