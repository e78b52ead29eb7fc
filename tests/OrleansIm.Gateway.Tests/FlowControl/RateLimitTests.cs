using Grpc.Core;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.FlowControl;

/// <summary>Token buckets at the gateway, over real gRPC. Every test uses fresh users, so their budgets are their own.</summary>
public sealed class RateLimitTests(RateLimitedNodeFixture fixture) : IClassFixture<RateLimitedNodeFixture>
{
    [Fact]
    public async Task A_burst_within_the_stream_budget_passes_and_the_next_send_is_refused_in_band_while_the_stream_stays_open()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);
        await using var stream = await alice.ConnectAsync();

        for (var i = 0; i < RateLimitedNodeFixture.SendsPerConnection; i++)
        {
            Assert.NotNull((await stream.SendTextAsync(conversation.Id, $"m{i}")).Ack);
        }
        var refused = await stream.SendTextAsync(conversation.Id, "one too many");

        Assert.Null(refused.Ack);
        Assert.Equal((int)StatusCode.ResourceExhausted, refused.Error.Code);
        Assert.True(refused.Error.RetryAfterMs > 0, "no retry-after hint");
        Assert.Contains("on this stream", refused.Error.Message);
        await AssertOpenAsync(stream);
        var history = await alice.HistoryAsync(conversation.Id);
        Assert.Equal(RateLimitedNodeFixture.SendsPerConnection, history.Messages.Count);
    }

    [Fact]
    public async Task The_user_budget_is_shared_by_all_streams_of_the_user()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);
        await using var phone = await alice.ConnectAsync("phone");
        await using var laptop = await alice.ConnectAsync("laptop");

        for (var i = 0; i < RateLimitedNodeFixture.SendsPerConnection; i++)
        {
            Assert.NotNull((await phone.SendTextAsync(conversation.Id, $"phone {i}")).Ack);
        }
        // The laptop's own budget is untouched; only the user's remainder is left.
        for (var i = RateLimitedNodeFixture.SendsPerConnection; i < RateLimitedNodeFixture.SendsPerUser; i++)
        {
            Assert.NotNull((await laptop.SendTextAsync(conversation.Id, $"laptop {i}")).Ack);
        }
        var refused = await laptop.SendTextAsync(conversation.Id, "over the user's budget");

        Assert.Equal((int)StatusCode.ResourceExhausted, refused.Error.Code);
        Assert.Contains("from this user", refused.Error.Message);
        Assert.True(refused.Error.RetryAfterMs > 0);
        await AssertOpenAsync(laptop);
        await AssertOpenAsync(phone);
    }

    [Fact]
    public async Task Unary_sends_over_the_user_budget_fail_with_resource_exhausted_and_a_retry_after_trailer()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        var conversation = await alice.OpenDirectAsync(bob);

        for (var i = 0; i < RateLimitedNodeFixture.SendsPerUser; i++)
        {
            await alice.SendTextAsync(conversation.Id, $"m{i}");
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => alice.SendTextAsync(conversation.Id, "one too many"));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("sends", error.Status.Detail);
        Assert.True(int.Parse(error.Trailers.GetValue("retry-after-ms")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(RateLimitedNodeFixture.SendsPerUser, (await alice.HistoryAsync(conversation.Id)).Messages.Count);
    }

    [Fact]
    public async Task Sync_pulls_on_a_stream_have_their_own_query_budget()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var stream = await alice.ConnectAsync();

        for (var i = 0; i <= RateLimitedNodeFixture.QueriesPerConnection; i++)
        {
            await stream.WriteAsync(new ClientFrame { RequestId = $"q{i}", Sync = new SyncRequest { After = 0 } });
        }
        for (var i = 0; i < RateLimitedNodeFixture.QueriesPerConnection; i++)
        {
            var answer = await stream.WaitForAsync(f => f.RequestId == $"q{i}");
            Assert.NotNull(answer.Sync);
        }
        var refused = await stream.WaitForAsync(f => f.RequestId == $"q{RateLimitedNodeFixture.QueriesPerConnection}");

        Assert.Equal((int)StatusCode.ResourceExhausted, refused.Error.Code);
        Assert.True(refused.Error.RetryAfterMs > 0);
        Assert.Contains("queries", refused.Error.Message);
        await AssertOpenAsync(stream);
    }

    [Fact]
    public async Task Joins_over_the_user_budget_are_refused()
    {
        await using var alice = await fixture.LoginAsync("alice");

        for (var i = 0; i < RateLimitedNodeFixture.JoinsPerUser; i++)
        {
            await alice.Chat.OpenDirectAsync(new OpenDirectRequest { PeerId = NodeFixture.Unique("peer") });
        }
        var error = await Assert.ThrowsAsync<RpcException>(async () => await alice.Chat.OpenDirectAsync(new OpenDirectRequest { PeerId = NodeFixture.Unique("peer") }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("joins", error.Status.Detail);
        Assert.NotNull(error.Trailers.GetValue("retry-after-ms"));
    }

    [Fact]
    public async Task Room_watches_count_as_joins()
    {
        await using var viewer = await Rooms.RoomUser.LoginAsync(fixture.Node, NodeFixture.Unique("viewer"));
        var roomId = await viewer.CreateRoomAsync();
        var watches = new List<Rooms.RoomWatch>();
        try
        {
            for (var i = 0; i < RateLimitedNodeFixture.JoinsPerUser; i++)
            {
                watches.Add(await viewer.WatchAsync(roomId));
            }
            var error = await Assert.ThrowsAsync<RpcException>(() => viewer.WatchAsync(roomId));

            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            Assert.Contains("joins", error.Status.Detail);
            Assert.NotNull(error.Trailers.GetValue("retry-after-ms"));
            Assert.All(watches, w => Assert.Null(w.EndStatus));
        }
        finally
        {
            foreach (var watch in watches)
            {
                await watch.DisposeAsync();
            }
        }
    }

    private static async Task AssertOpenAsync(TestStream stream)
    {
        var id = Guid.NewGuid().ToString("N");
        await stream.WriteAsync(new ClientFrame { RequestId = id, Ping = new Ping { Nonce = 1 } });
        Assert.NotNull((await stream.WaitForAsync(f => f.RequestId == id)).Pong);
        Assert.Null(stream.EndStatus);
    }
}
