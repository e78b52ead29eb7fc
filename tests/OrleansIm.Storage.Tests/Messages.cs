using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Storage.Tests;

/// <summary>Message records for tests: a fixed clock derived from the seq, so expectations can be computed.</summary>
internal static class Messages
{
    public static MessageRecord Text(string conversationId, long seq, string senderId = "alice", string? text = null) =>
        new(conversationId, seq, senderId, $"c-{senderId}-{seq}", 1_000 + seq, new TextBody(text ?? $"message {seq}"));

    public static MessageRecord With(string conversationId, long seq, string senderId, MessageBody body) =>
        new(conversationId, seq, senderId, $"c-{senderId}-{seq}", 1_000 + seq, body);

    public static string NewConversation() => "conv-" + Guid.NewGuid().ToString("N");
}
