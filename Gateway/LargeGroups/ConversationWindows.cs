using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OrleansIm.Gateway.Mapping;
using OrleansIm.Gateway.Options;
using OrleansIm.Gateway.Telemetry;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.LargeGroups;

/// <summary>
/// The newest hint window of each large group that has online members here (docs/large-groups.md).
/// Every member told of a window pulls it within moments; answering those pulls here costs the
/// conversation one call per gateway per window instead of one per online member, so a group's
/// read cost follows its gateways, as a live room's does. A pull is answered here only when it
/// asks for messages inside the window, within the conversation's page limit, from a member the
/// conversation named as allowed to read the whole window; anything else goes to the
/// conversation, which answers exactly as before.
/// </summary>
internal sealed class ConversationWindows(IOptions<GatewayOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, CachedWindow> _windows = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    public void Remember(ConversationWindow window, string[] readers)
    {
        if (options.Value.LargeGroupWindowLifetime == TimeSpan.Zero)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var cached = new CachedWindow(window.Hint.PreviousSeq, window.Hint.LastSeq, [.. window.Messages.Select(ProtoMapper.ToProto)],
            new HashSet<string>(readers, StringComparer.Ordinal), window.MaxPageSize, now + options.Value.LargeGroupWindowLifetime);
        _windows.AddOrUpdate(window.Hint.ConversationId, cached, (_, existing) => existing.LastSeq > cached.LastSeq && existing.ExpiresAt > now ? existing : cached);
        SweepExpired(now);
    }

    /// <summary>Drops the windows of groups that went quiet, at most once per lifetime: a busy gateway remembers thousands of windows a second.</summary>
    private void SweepExpired(DateTimeOffset now)
    {
        var due = Volatile.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + options.Value.LargeGroupWindowLifetime).UtcTicks, due) != due)
        {
            return;
        }
        foreach (var (conversationId, entry) in _windows)
        {
            if (entry.ExpiresAt <= now)
            {
                _windows.TryRemove(new KeyValuePair<string, CachedWindow>(conversationId, entry));
            }
        }
    }

    /// <summary>A forward page after <paramref name="anchorSeq"/> from the cached window, when this gateway may answer it.</summary>
    public bool TryRead(string conversationId, string userId, long anchorSeq, int limit, out HistoryResponse page)
    {
        page = null!;
        if (!_windows.TryGetValue(conversationId, out var window) || window.ExpiresAt <= clock.GetUtcNow()
            || limit < 1 || limit > window.MaxPageSize
            || anchorSeq < window.PreviousSeq || anchorSeq >= window.LastSeq
            || !window.Readers.Contains(userId))
        {
            return false;
        }
        var first = (int)(anchorSeq - window.PreviousSeq);
        var count = Math.Min(limit, window.Messages.Length - first);
        page = new HistoryResponse { HasMore = window.Messages.Length - first > limit, LastSeq = window.LastSeq };
        page.Messages.AddRange(new ArraySegment<Message>(window.Messages, first, count));
        GatewayMetrics.HistoryReadFromWindow();
        return true;
    }
}
