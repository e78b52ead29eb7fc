using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Conversations;

/// <summary>A durable message waiting to be handed to its recipients' user grains, recipients fixed when it was written.</summary>
internal sealed record PendingDelivery(MessageRecord Message, string[] Recipients);
