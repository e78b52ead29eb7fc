using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Tests.Support;

/// <summary>Builds protocol objects tersely, so each test shows only the numbers that matter.</summary>
internal static class Frames
{
    public static Message Message(string conversationId, long seq, string sender = "bob", string? text = null) => new()
    {
        ConversationId = conversationId,
        Seq = seq,
        SenderId = sender,
        ClientMessageId = $"{conversationId.Replace(':', '_')}-{seq}",
        Body = new MessageBody { Text = new TextBody { Text = text ?? $"{conversationId}#{seq}" } },
    };

    public static SyncEvent MessageEvent(long syncSeq, string conversationId, long seq, string sender = "bob") =>
        new() { SyncSeq = syncSeq, Message = Message(conversationId, seq, sender) };

    public static SyncEvent ReadEvent(long syncSeq, string conversationId, long readSeq) =>
        new() { SyncSeq = syncSeq, Read = new ReadMarker { ConversationId = conversationId, ReadSeq = readSeq } };

    public static SyncResponse Page(bool hasMore, params SyncEvent[] events)
    {
        var page = new SyncResponse { HasMore = hasMore };
        page.Events.Add(events);
        return page;
    }

    public static SendRequest Send(string clientMessageId, string conversationId = "d:alice:bob") => new()
    {
        ConversationId = conversationId,
        ClientMessageId = clientMessageId,
        Body = new MessageBody { Text = new TextBody { Text = "hi" } },
    };
}
