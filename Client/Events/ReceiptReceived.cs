using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Events;

/// <summary>Another member read a conversation up to a seq.</summary>
public sealed record ReceiptReceived(ReadReceipt Receipt) : ImEvent;
