using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Storage;

/// <summary>A sync log row as written; message events carry only (conversation, seq) and are joined on read.</summary>
public sealed record StoredSyncEvent(long SyncSeq, SyncEventKind Kind, string ConversationId, long Seq, string ActorId, int Unread);
