using System.Diagnostics;

namespace OrleansIm.Gateway.Telemetry;

/// <summary>
/// The gateway's own spans. A Connect stream is one long HTTP request, so its frames get no
/// spans from ASP.NET Core: each send and each push starts its own here. Without a listener
/// (tracing off) StartActivity returns null and nothing is allocated.
/// </summary>
public static class GatewayTracing
{
    /// <summary>Shared with the silo's spans (store commits), so one AddSource covers both.</summary>
    public const string SourceName = "OrleansIm";

    public const string SendSpan = "im.send";
    public const string DeliverSpan = "im.deliver";

    // The header Orleans' activity propagation puts into a grain call's RequestContext.
    private const string TraceParentKey = "traceparent";
    private const string TraceStateKey = "tracestate";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// A span for one send frame of a stream: a trace of its own, linked to the stream's request
    /// span, since a stream lives for hours and must not hold every message it carries.
    /// </summary>
    public static Activity? StartSendFromStream(string conversationId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        var stream = Activity.Current;
        Activity.Current = null;
        var activity = stream is null
            ? Source.StartActivity(SendSpan, ActivityKind.Server)
            : Source.StartActivity(SendSpan, ActivityKind.Server, parentContext: default, links: [new ActivityLink(stream.Context)]);
        activity?.SetTag("im.conversation_id", conversationId);
        return activity;
    }

    /// <summary>A span for a unary send: a child of the call's own request span.</summary>
    public static Activity? StartSend(string conversationId)
    {
        var activity = Source.StartActivity(SendSpan, ActivityKind.Internal);
        activity?.SetTag("im.conversation_id", conversationId);
        return activity;
    }

    /// <summary>
    /// A span for a push from a user grain, child of the grain call that made it. A standalone
    /// gateway is an Orleans client, which has no incoming call filter, so the parent is read
    /// from the call's RequestContext, where the sending silo's propagation put it.
    /// </summary>
    public static Activity? StartDeliver(string userId, int events)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        var parent = Activity.Current?.Context ?? CallerContext();
        var activity = Source.StartActivity(DeliverSpan, ActivityKind.Consumer, parent);
        if (activity is not null)
        {
            activity.SetTag("im.user_id", userId);
            activity.SetTag("im.events", events);
        }
        return activity;
    }

    private static ActivityContext CallerContext() =>
        Orleans.Runtime.RequestContext.Get(TraceParentKey) is string traceParent
        && ActivityContext.TryParse(traceParent, Orleans.Runtime.RequestContext.Get(TraceStateKey) as string, out var context)
            ? context
            : default;
}
