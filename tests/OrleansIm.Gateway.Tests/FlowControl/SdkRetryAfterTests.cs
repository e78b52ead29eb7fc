using Grpc.Core;
using OrleansIm.Client;
using OrleansIm.Gateway.Tests.Support;

namespace OrleansIm.Gateway.Tests.FlowControl;

/// <summary>The SDK's side of the rate limits, against a real gateway.</summary>
public sealed class SdkRetryAfterTests : IAsyncLifetime
{
    private const int SendBurst = 2;
    private const int QueryBurst = 10;
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(settings: new Dictionary<string, string>
    {
        // Refills fast enough (a token per 100 ms) for the refused sends to get through soon.
        ["OrleansIm:Gateway:RateLimits:Sends:PerConnection:PerSecond"] = "10",
        ["OrleansIm:Gateway:RateLimits:Sends:PerConnection:Burst"] = $"{SendBurst}",
        ["OrleansIm:Gateway:RateLimits:Queries:PerUser:PerSecond"] = "0.01",
        ["OrleansIm:Gateway:RateLimits:Queries:PerUser:Burst"] = $"{QueryBurst}",
    });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Sends_refused_by_the_rate_limit_are_resent_after_the_hint_and_stored_exactly_once()
    {
        await using var aliceSetup = await TestUser.LoginAsync(_node, NodeFixture.Unique("alice"));
        await using var bob = await TestUser.LoginAsync(_node, NodeFixture.Unique("bob"));
        var conversation = await aliceSetup.OpenDirectAsync(bob);
        await using var alice = await SdkEvents.StartAsync(_node, aliceSetup.Id);

        // Three times the stream's burst at once: most of these are refused at first.
        var texts = Enumerable.Range(0, SendBurst * 3).Select(i => $"m{i}").ToList();
        var acks = await Task.WhenAll(texts.Select(t => alice.SendTextAsync(conversation.Id, t))).WaitAsync(TestStream.Timeout);

        Assert.Equal(texts.Count, acks.Select(a => a.Seq).Distinct().Count());
        var history = await bob.HistoryAsync(conversation.Id);
        Assert.Equal(texts.Order(), history.Messages.Select(m => m.Body.Text.Text).Order());
        Assert.Equal(0, alice.PendingSendCount);
    }

    [Fact]
    public async Task A_unary_call_over_the_limit_surfaces_resource_exhausted_with_the_retry_after()
    {
        var userId = NodeFixture.Unique("carol");
        await using var carol = await SdkEvents.StartAsync(_node, userId);

        ImClientException? refused = null;
        for (var i = 0; i <= QueryBurst && refused is null; i++)
        {
            try
            {
                await carol.ListConversationsAsync();
            }
            catch (ImClientException ex)
            {
                refused = ex;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.NotNull(refused.RetryAfter);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
    }
}
