using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansIm.Client.Events;
using OrleansIm.Gateway.Tests.Support;

namespace OrleansIm.Gateway.Tests.FlowControl;

/// <summary>
/// A client that stops responding without closing its socket (behind a frozen proxy) is closed
/// after it misses its heartbeats, and its peer sees it go offline. The HTTP/2 keepalive is set
/// far beyond the test's patience, so only the heartbeat can pass it.
/// </summary>
public sealed class DeadClientTests : IAsyncLifetime
{
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(settings: new Dictionary<string, string>
    {
        ["OrleansIm:Gateway:HeartbeatInterval"] = "00:00:00.300",
        ["OrleansIm:Gateway:MissedHeartbeatsBeforeClose"] = "3",
        ["OrleansIm:Gateway:Http2KeepAlivePingDelay"] = "00:00:45",
        ["OrleansIm:Gateway:Http2KeepAlivePingTimeout"] = "00:00:25",
    });

    [Fact]
    public void Kestrel_pings_idle_connections_as_configured()
    {
        var kestrel = _node.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(45), kestrel.Limits.Http2.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(25), kestrel.Limits.Http2.KeepAlivePingTimeout);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_client_frozen_behind_an_open_socket_is_shown_offline_after_missing_its_heartbeats()
    {
        await using var aliceSetup = await TestUser.LoginAsync(_node, NodeFixture.Unique("alice"));
        await using var bobSetup = await TestUser.LoginAsync(_node, NodeFixture.Unique("bob"));
        var conversation = await aliceSetup.OpenDirectAsync(bobSetup);
        await aliceSetup.SendTextAsync(conversation.Id, "hi");
        await DirectMessagingTests.WaitForListAsync(bobSetup, l => l.Conversations.Any(c => c.Id == conversation.Id));

        await using var bob = await SdkEvents.StartAsync(_node, bobSetup.Id);
        var proxy = new FreezingProxy(_node.GrpcAddress);
        var alice = await SdkEvents.StartAsync(_node, aliceSetup.Id, proxy.Address);
        try
        {
            Assert.True(alice.IsConnected);
            await bob.NextAsync<PresenceChanged>(p => p.Presence.UserId == aliceSetup.Id && p.Presence.Online);

            var frozenAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            proxy.Freeze();

            // Only an offline signal stamped after the freeze counts: a late heartbeat on a busy
            // machine before it would not prove that the frozen client was noticed.
            var offline = await bob.NextAsync<PresenceChanged>(p => p.Presence.UserId == aliceSetup.Id && !p.Presence.Online && p.Presence.AtMs >= frozenAt);
            Assert.False(offline.Presence.Online);
            var presence = await bobSetup.Chat.GetPresenceAsync(new Protocol.V1.GetPresenceRequest { UserIds = { aliceSetup.Id } });
            Assert.False(presence.Users.Single().Online);
        }
        finally
        {
            // Unfreeze by closing every socket, so the frozen client's shutdown does not wait on it.
            await proxy.DisposeAsync();
            await alice.DisposeAsync();
        }
    }
}
