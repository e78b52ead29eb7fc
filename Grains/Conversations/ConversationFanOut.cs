using Microsoft.Extensions.Logging;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Security;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Conversations;

/// <summary>
/// Hands durable messages to the recipients' user grains (write diffusion), strictly in seq
/// order per recipient: a batch is delivered to everyone before the next one starts. Runs on
/// the conversation's activation, so it needs no locks.
/// A failed delivery is retried with backoff for as long as a silo failure takes to detect
/// (the recipient's grain is unreachable until the cluster declares its silo dead). If it still
/// fails, the delivered mark stops moving and the activation is asked to end: the store then
/// says the conversation is behind, and its next activation delivers again from there; user
/// grains drop what they already have.
/// </summary>
internal sealed class ConversationFanOut(
    Func<string, IUserGrain> user,
    Func<ConversationHeader> header,
    Action<long> delivered,
    Action deliveryAbandoned,
    ILogger logger)
{
    private const int MaxBatch = 256;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    private readonly Queue<PendingDelivery> _queue = new();
    private Task _loop = Task.CompletedTask;
    private bool _incomplete;

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
        // The loop starts inside the turn of whichever send queued first, so its request context
        // still names that sender. Deliveries are grain-to-grain calls and need no caller (the
        // boundary filter trusts them); without this, every delivery and every push it causes
        // would copy the sender's caller context along.
        CallerContext.Clear();
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
            var outcomes = await Task.WhenAll(perRecipient.Select(p => DeliverWithRetryAsync(p.Key, current, [.. p.Value])));
            if (!_incomplete && outcomes.Contains(false))
            {
                _incomplete = true;
                deliveryAbandoned();
            }
            if (!_incomplete)
            {
                delivered(batch[^1].Message.Seq);
            }
        }
    }

    private async Task<bool> DeliverWithRetryAsync(string userId, ConversationHeader conversation, MessageRecord[] messages)
    {
        var started = DateTime.UtcNow;
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await user(userId).DeliverMessages(conversation, messages);
                return true;
            }
            catch (Exception ex) when (DateTime.UtcNow - started < GiveUpAfter)
            {
                logger.LogWarning(ex, "Delivery of {Count} messages of {Conversation} to {User} failed (attempt {Attempt}); retrying in {Delay}", messages.Length, conversation.Id, userId, attempt, delay);
                await Task.Delay(delay);
                delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Giving up delivering {Count} messages of {Conversation} to {User} in this activation; the conversation stays marked as behind and is delivered again from there", messages.Length, conversation.Id, userId);
                return false;
            }
        }
    }
}
