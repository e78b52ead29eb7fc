using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using OrleansIm.Gateway.Tests.Support;

namespace OrleansIm.Gateway.Tests.Telemetry;

/// <summary>
/// One send, followed through a node whose tracer provider exports to memory: the sender's
/// gateway span, the Orleans grain calls, the store commit and the receiver's gateway push all
/// carry one trace id, and the push's parent chain leads back to the send.
/// </summary>
public sealed class MessageTraceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_send_is_one_trace_from_the_senders_gateway_through_grains_and_store_to_the_receivers_push()
    {
        var spans = new RecordedSpans();
        await using var node = await TestNode.StartAsync(configure: builder =>
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans)));
        await using var alice = await TestUser.LoginAsync(node, NodeFixture.Unique("alice"));
        await using var bob = await TestUser.LoginAsync(node, NodeFixture.Unique("bob"));
        await using var bobPhone = await bob.ConnectAsync();
        await using var alicePhone = await alice.ConnectAsync();
        var conversation = await alice.OpenDirectAsync(bob);

        var sent = await alicePhone.SendTextAsync(conversation.Id, "traced");
        Assert.NotNull(sent.Ack);
        await bobPhone.WaitUntilAsync(s => s.Messages.Any(m => m.Seq == sent.Ack.Seq));

        var send = await spans.WaitForAsync(all => all.FirstOrDefault(s => s.DisplayName == "im.send" && Tag(s, "im.conversation_id") == conversation.Id), Timeout, "im.send span");
        Assert.Equal(default, send.ParentSpanId);
        var trace = send.TraceId;

        // The receiver's push, with every span between it and the send already ended.
        var chain = await spans.WaitForAsync(all =>
        {
            var push = all.FirstOrDefault(s => s.DisplayName == "im.deliver" && s.TraceId == trace && Tag(s, "im.user_id") == bob.Id);
            return push is null ? null : ChainToRoot(push, all);
        }, Timeout, "im.deliver span for the receiver, linked through ended parents to the send");
        Assert.Same(send, chain[^1]);
        Assert.Contains(chain, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));

        var inTrace = spans.Snapshot().Where(s => s.TraceId == trace).ToList();
        // The conversation grain's Send call, made by the sender's gateway.
        Assert.Contains(inTrace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("IConversationGrain", StringComparison.Ordinal));
        // The user grain's delivery, made by the conversation's fan-out.
        Assert.Contains(inTrace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("IUserGrain", StringComparison.Ordinal));
        // The group commit that made the message durable, inside the same trace.
        var commit = Assert.Single(inTrace, s => s.DisplayName == "im.store.commit" && ChainToRoot(s, inTrace) is { } c && c[^1] == send && c.Any(p => p.DisplayName.Contains("IConversationGrain", StringComparison.Ordinal))
            && !c.Any(p => p.DisplayName.Contains("IUserGrain", StringComparison.Ordinal)));
        Assert.Equal("sqlite", Tag(commit, "db.system"));
    }

    /// <summary>The span and its ancestors up to the trace's root; null while one of them has not ended (been recorded) yet.</summary>
    private static List<Activity>? ChainToRoot(Activity span, IReadOnlyList<Activity> recorded)
    {
        var chain = new List<Activity> { span };
        var current = span;
        while (current.ParentSpanId != default)
        {
            var parentId = current.ParentSpanId;
            var parent = recorded.FirstOrDefault(s => s.TraceId == span.TraceId && s.SpanId == parentId);
            if (parent is null)
            {
                return null;
            }
            chain.Add(parent);
            current = parent;
        }
        return chain;
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();
}
