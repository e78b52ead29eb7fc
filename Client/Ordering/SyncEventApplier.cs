using System.Threading.Channels;
using Grpc.Core;
using OrleansIm.Client.Events;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Ordering;

/// <summary>
/// Hands one in-order sync event to the app. Messages pass the per-conversation guard: a
/// duplicate is dropped, and a conversation seq gap is filled from history before the message
/// that revealed it, so the app sees every conversation contiguous.
/// </summary>
internal sealed class SyncEventApplier(IConversationHistory history, ChannelWriter<ImEvent> events)
{
    private const int DefaultPageSize = 50;

    private readonly ConversationDeliveryTracker _tracker = new();

    /// <summary>Welcome.max_page_size; history pages never ask for more.</summary>
    public int MaxPageSize { get; set; } = DefaultPageSize;

    /// <summary>From Welcome; marks the user's own messages.</summary>
    public string? UserId { get; set; }

    public async ValueTask ApplyAsync(SyncEvent syncEvent, CancellationToken cancellationToken)
    {
        switch (syncEvent.KindCase)
        {
            case SyncEvent.KindOneofCase.Message:
                await DeliverMessageAsync(syncEvent.Message, cancellationToken).ConfigureAwait(false);
                break;
            case SyncEvent.KindOneofCase.Read:
                await events.WriteAsync(new ReadMarkerChanged(syncEvent.Read), cancellationToken).ConfigureAwait(false);
                break;
            case SyncEvent.KindOneofCase.Receipt:
                await events.WriteAsync(new ReceiptReceived(syncEvent.Receipt), cancellationToken).ConfigureAwait(false);
                break;
            case SyncEvent.KindOneofCase.Mention:
                await events.WriteAsync(new MentionReceived(syncEvent.Mention), cancellationToken).ConfigureAwait(false);
                break;
            default:
                // A kind added to the protocol after this SDK was built: the cursor still moves past it.
                break;
        }
    }

    public async ValueTask DeliverMessageAsync(Message message, CancellationToken cancellationToken)
    {
        switch (_tracker.Classify(message.ConversationId, message.Seq, out var lastDelivered))
        {
            case DeliveryDecision.Duplicate:
                return;
            case DeliveryDecision.Gap:
                await FillGapAsync(message.ConversationId, lastDelivered, message.Seq, cancellationToken).ConfigureAwait(false);
                break;
        }

        await PublishAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A large group advanced (its messages are not pushed): pull what is new by conversation seq
    /// and deliver it through the same guard as pushed messages, so each arrives once and in order.
    /// Without a delivered seq for the conversation yet, delivery starts after the hint's previous
    /// seq; older history is the app's to page.
    /// </summary>
    public async ValueTask ApplyAdvancedAsync(ConversationAdvanced hint, CancellationToken cancellationToken)
    {
        var after = _tracker.TryGetLastDelivered(hint.ConversationId, out var delivered) ? delivered : Math.Max(0, hint.PreviousSeq);
        if (hint.LastSeq > after)
        {
            await FillGapAsync(hint.ConversationId, after, hint.LastSeq + 1, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FillGapAsync(string conversationId, long lastDelivered, long beforeSeq, CancellationToken cancellationToken)
    {
        var after = lastDelivered;
        while (after < beforeSeq - 1)
        {
            var limit = (int)Math.Min(beforeSeq - 1 - after, MaxPageSize > 0 ? MaxPageSize : DefaultPageSize);
            HistoryResponse page;
            try
            {
                page = await history.ReadForwardAsync(conversationId, after, limit, cancellationToken).ConfigureAwait(false);
            }
            catch (ImClientException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.PermissionDenied)
            {
                // The user may no longer see this conversation's history (removed, or it was
                // deleted): the hole cannot be filled, so deliver what we have rather than stall.
                return;
            }

            foreach (var message in page.Messages)
            {
                if (message.Seq >= beforeSeq)
                {
                    return;
                }

                if (message.Seq > after)
                {
                    await PublishAsync(message, cancellationToken).ConfigureAwait(false);
                    after = message.Seq;
                }
            }

            if (!page.HasMore || page.Messages.Count == 0)
            {
                return;
            }
        }
    }

    private async ValueTask PublishAsync(Message message, CancellationToken cancellationToken)
    {
        await events.WriteAsync(new MessageReceived(message, message.SenderId == UserId), cancellationToken).ConfigureAwait(false);
        _tracker.MarkDelivered(message.ConversationId, message.Seq);
    }
}
