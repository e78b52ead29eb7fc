using System.Diagnostics;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.Telemetry;

/// <summary>
/// One send, followed through a node whose tracer provider exports to memory: the sender's
/// gateway span, the Orleans grain calls (conversation, then the receiver's user grain), the
/// store commit and the receiver's gateway push all carry one trace id, and the parent chains
/// of the push and of the commit lead back to the send. Once with both users on the node's
/// co-hosted gateway, once with the receiver on a standalone gateway (an Orleans client) in the
/// same process.
/// </summary>
public sealed class MessageTraceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_send_is_one_trace_from_the_senders_gateway_through_grains_and_store_to_the_receivers_push()
    {
        var spans = new RecordedSpans();
        await using var node = await StartTracedNodeAsync(spans);
        await using var alice = await TestUser.LoginAsync(node, NodeFixture.Unique("alice"));
        await using var bob = await TestUser.LoginAsync(node, NodeFixture.Unique("bob"));
        await using var bobPhone = await bob.ConnectAsync();

        await AssertOneTraceAsync(spans, alice, bob, bobPhone);
    }

    [Fact]
    public async Task A_push_through_a_standalone_gateway_joins_the_trace_of_the_send_made_at_another_gateway()
    {
        var spans = new RecordedSpans();
        await using var node = await StartTracedNodeAsync(spans);
        // Its own tracer provider, without an exporter (the node's records every span in this
        // process), turns on the Orleans client's propagation as an OTLP endpoint would.
        await using var gateway = await InProcessGateway.StartAsync(node, builder => builder.Services.AddOpenTelemetry().WithTracing(_ => { }));
        await using var alice = await TestUser.LoginAsync(node, NodeFixture.Unique("alice"));
        await using var bob = await TestUser.LoginAsync(node, NodeFixture.Unique("bob"));
        using var bobChannel = GrpcChannel.ForAddress(gateway.GrpcAddress);
        var bobAtGateway = new ChatService.ChatServiceClient(bobChannel.Intercept(m => { m.Add("authorization", $"Bearer {bob.Token}"); return m; }));
        await using var bobPhone = await TestStream.OpenAsync(bobAtGateway, "phone", 0);

        var push = await AssertOneTraceAsync(spans, alice, bob, bobPhone);
        // Bob's only stream is at the standalone gateway, so the push that reached it was made there,
        // a child of the Orleans server span of the observer call on that Orleans client.
        Assert.Equal("1", Tag(push, "im.streams"));
    }

    private static Task<TestNode> StartTracedNodeAsync(RecordedSpans spans) =>
        TestNode.StartAsync(configure: builder =>
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans)));

    /// <summary>Alice sends to bob from her own stream at the node; returns the span of the push to bob's stream.</summary>
    private static async Task<Activity> AssertOneTraceAsync(RecordedSpans spans, TestUser alice, TestUser bob, TestStream bobPhone)
    {
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
        Assert.Contains(chain, s => IsOrleans(s) && s.DisplayName.Contains("IUserGrain", StringComparison.Ordinal));

        var inTrace = spans.Snapshot().Where(s => s.TraceId == trace).ToList();
        // The conversation grain's Send call, made by the sender's gateway.
        Assert.Contains(inTrace, s => IsOrleans(s) && s.DisplayName.Contains("IConversationGrain", StringComparison.Ordinal) && ChainToRoot(s, inTrace)?[^1] == send);
        // The group commit that made the message durable: under the conversation grain's call, before any delivery.
        var commit = Assert.Single(inTrace, s => s.DisplayName == "im.store.commit" && ChainToRoot(s, inTrace) is { } c && c[^1] == send
            && c.Any(p => p.DisplayName.Contains("IConversationGrain", StringComparison.Ordinal))
            && !c.Any(p => p.DisplayName.Contains("IUserGrain", StringComparison.Ordinal)));
        Assert.Equal("sqlite", Tag(commit, "db.system"));
        return chain[0];
    }

    private static bool IsOrleans(Activity span) => span.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal);

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
