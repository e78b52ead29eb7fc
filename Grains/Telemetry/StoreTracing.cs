using System.Diagnostics;

namespace OrleansIm.Grains.Telemetry;

/// <summary>
/// The "im.store.commit" span of a group-commit transaction. One transaction carries the writes
/// of many messages, each with its own trace: the span is a child of the first traced write in
/// the batch and links to the others, so every message's trace can reach the commit that made
/// it durable. Without a listener nothing is created.
/// </summary>
internal static class StoreTracing
{
    /// <summary>The same name as the gateway's spans, so one AddSource("OrleansIm") covers both.</summary>
    public const string SourceName = "OrleansIm";

    public const string CommitSpan = "im.store.commit";

    // Beyond this a batch's links are dropped: a trace viewer shows no more, and exporters cap them too.
    private const int MaxLinks = 128;

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The write's caller's span, captured when it is queued; null when not traced (and then nothing is read).</summary>
    public static Activity? Caller() => Source.HasListeners() ? Activity.Current : null;

    /// <summary>Starts the commit span of <paramref name="batch"/> without making it current on the writer.</summary>
    public static Activity? StartCommit(IReadOnlyList<Storage.QueuedWrite> batch, string backend)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        foreach (var write in batch)
        {
            if (write.Caller is not { } caller)
            {
                continue;
            }
            if (parent == default)
            {
                parent = caller.Context;
            }
            else if ((links ??= []).Count < MaxLinks)
            {
                links.Add(new ActivityLink(caller.Context));
            }
        }
        var previous = Activity.Current;
        var span = Source.StartActivity(CommitSpan, ActivityKind.Internal, parent, links: links);
        Activity.Current = previous;
        if (span is not null)
        {
            span.SetTag("db.system", backend);
            span.SetTag("im.store.writes", batch.Count);
        }
        return span;
    }
}
