using OrleansIm.Client.Ordering;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Tests.Support;

/// <summary>A conversation store answering GetHistory(FORWARD) from a list, recording every request.</summary>
internal sealed class FakeHistory : IConversationHistory
{
    private readonly Dictionary<string, List<Message>> _messages = new();

    public List<(string ConversationId, long AfterSeq, int Limit)> Requests { get; } = [];

    public Exception? Failure { get; set; }

    public FakeHistory Add(string conversationId, long fromSeq, long toSeq)
    {
        if (!_messages.TryGetValue(conversationId, out var list))
        {
            _messages[conversationId] = list = [];
        }

        for (var seq = fromSeq; seq <= toSeq; seq++)
        {
            list.Add(Frames.Message(conversationId, seq, text: $"from history #{seq}"));
        }

        return this;
    }

    public Task<HistoryResponse> ReadForwardAsync(string conversationId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        Requests.Add((conversationId, afterSeq, limit));
        if (Failure is { } failure)
        {
            return Task.FromException<HistoryResponse>(failure);
        }

        var all = _messages.GetValueOrDefault(conversationId) ?? [];
        var after = all.Where(m => m.Seq > afterSeq).OrderBy(m => m.Seq).ToList();
        var response = new HistoryResponse { HasMore = after.Count > limit, LastSeq = all.Count == 0 ? 0 : all.Max(m => m.Seq) };
        response.Messages.Add(after.Take(limit));
        return Task.FromResult(response);
    }
}
