using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Ordering;

/// <summary>Where a conversation seq gap is filled from (GetHistory FORWARD); a seam for tests.</summary>
internal interface IConversationHistory
{
    /// <summary>Messages with seq &gt; <paramref name="afterSeq"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<HistoryResponse> ReadForwardAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken);
}
