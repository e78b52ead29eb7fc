using Grpc.Core;
using OrleansIm.Gateway.Tests.Support;

namespace OrleansIm.Gateway.Tests.FlowControl;

/// <summary>Stream limits per gateway and per user; each test has its own node, so the gateway's count starts at zero.</summary>
public sealed class ConnectionLimitTests : IAsyncLifetime
{
    private const int MaxStreams = 3;
    private const int MaxStreamsPerUser = 2;
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(settings: new Dictionary<string, string>
    {
        ["OrleansIm:Gateway:MaxStreams"] = $"{MaxStreams}",
        ["OrleansIm:Gateway:MaxStreamsPerUser"] = $"{MaxStreamsPerUser}",
    });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_user_over_the_device_limit_is_refused_with_the_limit_and_a_known_device_may_reconnect()
    {
        await using var alice = await TestUser.LoginAsync(_node, NodeFixture.Unique("alice"));
        await using var phone = await alice.ConnectAsync("phone");
        await using var laptop = await alice.ConnectAsync("laptop");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => alice.ConnectAsync("tablet"));
        Assert.Contains("ResourceExhausted", refused.Message);
        Assert.Contains($"{MaxStreamsPerUser} devices", refused.Message);

        // Nothing was evicted to make room.
        Assert.Null(phone.EndStatus);
        Assert.Null(laptop.EndStatus);

        // The same device coming back replaces its old stream instead of counting twice.
        await using var phoneAgain = await alice.ConnectAsync("phone");
        Assert.Equal(StatusCode.OK, (await phone.WaitForEndAsync()).StatusCode);

        await laptop.CloseAsync();
        await using var tablet = await alice.ConnectAsync("tablet");
        Assert.Null(tablet.EndStatus);
    }

    [Fact]
    public async Task A_full_gateway_refuses_the_next_stream_with_a_retry_hint()
    {
        await using var alice = await TestUser.LoginAsync(_node, NodeFixture.Unique("alice"));
        await using var bob = await TestUser.LoginAsync(_node, NodeFixture.Unique("bob"));
        await using var carol = await TestUser.LoginAsync(_node, NodeFixture.Unique("carol"));
        await using var a1 = await alice.ConnectAsync("phone");
        await using var a2 = await alice.ConnectAsync("laptop");
        await using var b1 = await bob.ConnectAsync("phone");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => carol.ConnectAsync("phone"));
        Assert.Contains("ResourceExhausted", refused.Message);
        Assert.Contains($"maximum of {MaxStreams} streams", refused.Message);

        await b1.CloseAsync();
        await using var c1 = await carol.ConnectAsync("phone");
        Assert.Null(c1.EndStatus);
    }
}
