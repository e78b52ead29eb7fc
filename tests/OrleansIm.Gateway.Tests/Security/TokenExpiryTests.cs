using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using OrleansIm.Gateway.Auth;
using OrleansIm.Gateway.Connections;
using OrleansIm.Client;
using OrleansIm.Client.Events;
using OrleansIm.Client.Rooms;
using OrleansIm.Gateway.Tests.FlowControl;
using OrleansIm.Gateway.Tests.Rooms;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.Security;

/// <summary>
/// A token is checked when a stream opens, and a stream can live for days: the gateway ends a
/// Connect stream once its token would be refused, so a stolen token does not keep its stream.
/// </summary>
public sealed class TokenExpiryTests
{
    [Fact]
    public async Task A_stream_gets_go_away_when_its_token_expires_and_one_with_a_valid_token_stays()
    {
        await using var node = await StartNodeAsync();
        var credentials = TestTokens.Hs256(TestNode.SigningKey);
        // JWT expiry has whole seconds: a few of them leave time to open the stream first.
        var shortLived = TestTokens.Create(credentials, "alice", expires: DateTime.UtcNow.AddSeconds(3));
        var longLived = TestTokens.Create(credentials, "bob", expires: DateTime.UtcNow.AddMinutes(10));

        await using var expiring = await TestStream.OpenAsync(Client(node, shortLived), "phone", 0);
        await using var lasting = await TestStream.OpenAsync(Client(node, longLived), "phone", 0);

        var goAway = await expiring.WaitForAsync(f => f.GoAway is not null);
        Assert.Contains("token expired", goAway.GoAway.Reason);
        Assert.Equal(0, goAway.GoAway.ReconnectAfterMs);
        await expiring.WaitForEndAsync();

        // The other stream is still served: a ping is answered, and it was never told to go.
        await lasting.WriteAsync(new ClientFrame { RequestId = "still-there", Ping = new Ping { Nonce = 7 } });
        var pong = await lasting.WaitForAsync(f => f.RequestId == "still-there");
        Assert.Equal(7, pong.Pong.Nonce);
        Assert.DoesNotContain(lasting.Frames, f => f.GoAway is not null);
    }

    [Fact]
    public async Task The_sdk_reconnects_with_a_fresh_token_and_keeps_receiving()
    {
        await using var node = await StartNodeAsync();
        var credentials = TestTokens.Hs256(TestNode.SigningKey);
        var tokensIssued = 0;
        await using var alice = new ImClient(new ImClientOptions
        {
            Endpoints = [node.GrpcAddress],
            // Every (re)connect asks for a token; each lives a few seconds, as short-lived access tokens do.
            TokenProvider = _ =>
            {
                Interlocked.Increment(ref tokensIssued);
                return ValueTask.FromResult(TestTokens.Create(credentials, "alice", expires: DateTime.UtcNow.AddSeconds(3)));
            },
            DeviceId = "phone",
        });
        await alice.StartAsync().WaitAsync(TestStream.Timeout);
        await using var bob = await TestUser.LoginAsync(node, "bob");
        var conversation = await alice.OpenDirectAsync("bob");

        // The first stream's token expires: GoAway, then a new stream with a token asked for anew.
        await alice.NextAsync<ConnectionStateChanged>(e => e.State == ConnectionState.Disconnected && e.Reason!.Contains("token expired"));
        await alice.NextAsync<ConnectionStateChanged>(e => e.State == ConnectionState.Connected);
        Assert.True(Volatile.Read(ref tokensIssued) >= 2, $"{tokensIssued} tokens were asked for");

        await bob.SendTextAsync(conversation.Id, "after the new token");
        var received = await alice.NextAsync<MessageReceived>(m => !m.IsOwn);
        Assert.Equal("after the new token", received.Message.Body.Text.Text);
    }

    [Fact]
    public async Task A_room_watch_is_closed_with_token_expired_and_one_with_a_valid_token_stays()
    {
        await using var node = await StartNodeAsync();
        await using var owner = await RoomUser.LoginAsync(node, "owner");
        var room = await owner.CreateRoomAsync();
        var credentials = TestTokens.Hs256(TestNode.SigningKey);
        using var shortChannel = GrpcChannel.ForAddress(node.GrpcAddress);
        using var longChannel = GrpcChannel.ForAddress(node.GrpcAddress);
        var shortLived = Rooms(shortChannel, TestTokens.Create(credentials, "viewer-a", expires: DateTime.UtcNow.AddSeconds(3)));
        var longLived = Rooms(longChannel, TestTokens.Create(credentials, "viewer-b", expires: DateTime.UtcNow.AddMinutes(10)));

        await using var expiring = await OpenWatchAsync(shortLived, room);
        await using var lasting = await OpenWatchAsync(longLived, room);

        await expiring.WaitUntilAsync(w => w.Frames.Any(f => f.Closed is not null), "the expired watch is closed");
        var closed = expiring.Frames.Single(f => f.Closed is not null).Closed;
        Assert.Equal(RoomClosedCode.TokenExpired, closed.Code);
        Assert.Contains("token expired", closed.Reason);

        await owner.PostAsync(room, RoomMessageClass.Chat, "still live");
        await lasting.WaitUntilAsync(w => w.Messages.Any(m => m.Text == "still live"), "the valid watch gets the next post");
        Assert.DoesNotContain(lasting.Frames, f => f.Closed is not null);
    }

    [Fact]
    public async Task A_stream_and_a_watch_whose_token_key_leaves_the_jwks_file_are_ended_and_others_stay()
    {
        var directory = Directory.CreateTempSubdirectory("orleansim-revoke-").FullName;
        var jwks = Path.Combine(directory, "keys.jwks");
        var leaked = TestKeyPair.Rsa("leaked");
        var kept = TestKeyPair.Ec("kept");
        TestKeyPair.WriteJwks(jwks, leaked, kept);
        try
        {
            await using var node = await TestNode.StartAsync(settings: new Dictionary<string, string>
            {
                ["OrleansIm:Auth:JwksPath"] = jwks,
                ["OrleansIm:Auth:JwksRefreshInterval"] = "00:00:01",
                ["OrleansIm:Gateway:TokenExpiryCheckInterval"] = "00:00:00.100",
            });
            await using var owner = await RoomUser.LoginAsync(node, "owner");
            var room = await owner.CreateRoomAsync();
            var leakedToken = TestTokens.Create(leaked.Credentials(), "alice");
            var keptToken = TestTokens.Create(kept.Credentials(), "bob");
            await using var ending = await TestStream.OpenAsync(Client(node, leakedToken), "phone", 0);
            await using var staying = await TestStream.OpenAsync(Client(node, keptToken), "phone", 0);
            using var leakedChannel = GrpcChannel.ForAddress(node.GrpcAddress);
            using var keptChannel = GrpcChannel.ForAddress(node.GrpcAddress);
            await using var endingWatch = await OpenWatchAsync(Rooms(leakedChannel, leakedToken), room);
            await using var stayingWatch = await OpenWatchAsync(Rooms(keptChannel, keptToken), room);

            await JwksChange.ApplyAsync(node.Services.GetRequiredService<TrustedKeys>(), () => TestKeyPair.WriteJwks(jwks, kept), r => r.Applied && !r.KeyIds.Contains(leaked.KeyId));

            var goAway = await ending.WaitForAsync(f => f.GoAway is not null);
            Assert.Equal(TokenExpiryEnforcer.KeyRemovedReason, goAway.GoAway.Reason);
            await ending.WaitForEndAsync();
            await endingWatch.WaitUntilAsync(w => w.Frames.Any(f => f.Closed is not null), "the watch of the leaked key's token is closed");
            var closed = endingWatch.Frames.Single(f => f.Closed is not null).Closed;
            Assert.Equal(RoomClosedCode.TokenExpired, closed.Code);
            Assert.Equal(TokenExpiryEnforcer.KeyRemovedReason, closed.Reason);

            await staying.WriteAsync(new ClientFrame { RequestId = "still-there", Ping = new Ping { Nonce = 3 } });
            Assert.Equal(3, (await staying.WaitForAsync(f => f.RequestId == "still-there")).Pong.Nonce);
            Assert.DoesNotContain(staying.Frames, f => f.GoAway is not null);
            await owner.PostAsync(room, RoomMessageClass.Chat, "still live");
            await stayingWatch.WaitUntilAsync(w => w.Messages.Any(m => m.Text == "still live"), "the kept key's watch gets the next post");
            Assert.DoesNotContain(stayingWatch.Frames, f => f.Closed is not null);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_sdk_watches_again_with_a_fresh_token_and_keeps_receiving()
    {
        await using var node = await StartNodeAsync();
        await using var owner = await RoomUser.LoginAsync(node, "owner");
        var room = await owner.CreateRoomAsync();
        var credentials = TestTokens.Hs256(TestNode.SigningKey);
        await using var viewer = new ImClient(new ImClientOptions
        {
            Endpoints = [node.GrpcAddress],
            TokenProvider = _ => ValueTask.FromResult(TestTokens.Create(credentials, "viewer", expires: DateTime.UtcNow.AddSeconds(3))),
            DeviceId = "tv",
        });
        using var patience = new CancellationTokenSource(TestStream.Timeout);

        var interrupted = false;
        await foreach (var e in viewer.WatchRoomAsync(room, patience.Token))
        {
            if (e is RoomInterruptedEvent { Reason: var reason } && reason.Contains("token expired"))
            {
                interrupted = true;
            }
            else if (e is RoomJoinedEvent && interrupted)
            {
                // Watching again, with a token asked for anew: posts reach the viewer.
                await owner.PostAsync(room, RoomMessageClass.Chat, "after the new token");
            }
            else if (e is RoomMessagesEvent messages && messages.Messages.Any(m => m.Text == "after the new token"))
            {
                break;
            }
        }

        Assert.True(interrupted);
    }

    [Fact]
    public void The_check_interval_is_validated()
    {
        var options = new Options.GatewayOptions { TokenExpiryCheckInterval = TimeSpan.FromMinutes(5) };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains(nameof(Options.GatewayOptions.TokenExpiryCheckInterval), error.Message);
    }

    private static Task<TestNode> StartNodeAsync() => TestNode.StartAsync(settings: new Dictionary<string, string>
    {
        ["OrleansIm:Auth:ClockSkew"] = "00:00:00",
        ["OrleansIm:Gateway:TokenExpiryCheckInterval"] = "00:00:00.100",
    });

    private static RoomService.RoomServiceClient Rooms(GrpcChannel channel, string token) =>
        new(channel.Intercept(m => { m.Add("authorization", $"Bearer {token}"); return m; }));

    private static async Task<RoomWatch> OpenWatchAsync(RoomService.RoomServiceClient rooms, string roomId)
    {
        var watch = new RoomWatch(rooms.Watch(new WatchRoomRequest { RoomId = roomId }));
        await watch.ReadJoinedAsync();
        watch.StartReading();
        return watch;
    }

    private static ChatService.ChatServiceClient Client(TestNode node, string token)
    {
        var channel = GrpcChannel.ForAddress(node.GrpcAddress);
        return new ChatService.ChatServiceClient(channel.Intercept(m => { m.Add("authorization", $"Bearer {token}"); return m; }));
    }
}
