using Microsoft.Extensions.Logging;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Conversations;

/// <summary>
/// Hands durable messages to the recipients' user grains (write diffusion), strictly in seq
/// order per recipient: a batch is delivered to everyone before the next one starts. Runs on
/// the conversation's activation, so it needs no locks.
/// </summary>
internal sealed class ConversationFanOut(
    Func<string, IUserGrain> user,
    Func<ConversationHeader> header,
    Action<long, bool> delivered,
    ILogger logger)
{
    private const int MaxBatch = 256;
    private const int MaxAttempts = 5;

    private readonly Queue<PendingDelivery> _queue = new();
    private Task _loop = Task.CompletedTask;

    public void Enqueue(PendingDelivery delivery)
    {
        _queue.Enqueue(delivery);
        if (_loop.IsCompleted)
        {
            _loop = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        while (_queue.Count > 0)
        {
            var batch = new List<PendingDelivery>(Math.Min(_queue.Count, MaxBatch));
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }
            var perRecipient = new Dictionary<string, List<MessageRecord>>(StringComparer.Ordinal);
            foreach (var item in batch)
            {
                foreach (var recipient in item.Recipients)
                {
                    if (!perRecipient.TryGetValue(recipient, out var list))
                    {
                        perRecipient[recipient] = list = [];
                    }
                    list.Add(item.Message);
                }
            }
            var current = header();
            await Task.WhenAll(perRecipient.Select(p => DeliverWithRetryAsync(p.Key, current, [.. p.Value])));
            delivered(batch[^1].Message.Seq, _queue.Count == 0);
        }
    }

    private async Task DeliverWithRetryAsync(string userId, ConversationHeader conversation, MessageRecord[] messages)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await user(userId).DeliverMessages(conversation, messages);
                return;
            }
            catch (Exception ex) when (attempt < MaxAttempts)
            {
                logger.LogWarning(ex, "Delivery of {Count} messages of {Conversation} to {User} failed (attempt {Attempt}); retrying", messages.Length, conversation.Id, userId, attempt);
                // Back off so a briefly unavailable silo or store is not hammered; the user grain
                // also heals a missed range itself from the store on its next delivery.
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt * attempt));
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Giving up delivering {Count} messages of {Conversation} to {User}; the user's next delivery or sync fills the gap", messages.Length, conversation.Id, userId);
                return;
            }
        }
    }
}
