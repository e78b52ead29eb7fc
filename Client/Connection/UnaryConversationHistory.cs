using OrleansIm.Client.Ordering;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Connection;

/// <summary>Fills conversation seq gaps with GetHistory(FORWARD) over the unary channel.</summary>
internal sealed class UnaryConversationHistory(UnaryInvoker invoker) : IConversationHistory
{
    public Task<HistoryResponse> ReadForwardAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        invoker.CallAsync(
            (client, options) => client.GetHistoryAsync(
                new HistoryRequest { ConversationId = conversationId, AnchorSeq = afterSeq, Direction = Direction.Forward, Limit = limit },
                options),
            cancellationToken);
}
