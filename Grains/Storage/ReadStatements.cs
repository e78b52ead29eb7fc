namespace OrleansIm.Grains.Storage;

/// <summary>
/// One backend's read statements. Each selects the columns <see cref="StoredRows"/> maps, and
/// takes its parameters in the order <see cref="StoreReader"/> passes them (noted per statement).
/// </summary>
internal sealed record ReadStatements(
    string Message,                  // conversation, seq
    string MessagesBackward,         // conversation, anchor, limit
    string MessagesForward,          // conversation, anchor, limit
    string LastSeq,                  // conversation
    string RecentSendKeys,           // conversation, limit
    string CountUnread,              // conversation, after, up to, reader
    string SyncEvents,               // user, after, limit
    string LastSyncSeq,              // user
    string ReadPositions,            // conversation
    string DeliveredSeq,             // conversation
    string UndeliveredConversations, // after, limit
    string GroupMembers,             // conversation, after user, limit
    string GroupMember,              // conversation, user
    string GroupsOfMember)           // user, limit
{
    /// <summary>Every statement, for tests that look at all of them (query plans).</summary>
    public IReadOnlyList<string> All =>
        [Message, MessagesBackward, MessagesForward, LastSeq, RecentSendKeys, CountUnread, SyncEvents, LastSyncSeq, ReadPositions, DeliveredSeq, UndeliveredConversations, GroupMembers, GroupMember, GroupsOfMember];
}
