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
    /// A span for a push from a user grain: a child of the Orleans server span of the
    /// IGatewayObserver call (Orleans 10 makes one on silos and on clients alike), so it joins the
    /// trace of the send that caused it.
    /// </summary>
    public static Activity? StartDeliver(string userId, int events)
    {
        var activity = Source.StartActivity(DeliverSpan, ActivityKind.Consumer);
        if (activity is not null)
        {
            activity.SetTag("im.user_id", userId);
            activity.SetTag("im.events", events);
        }
        return activity;
    }
}
