using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;
using static OrleansIm.Gateway.Tests.PermissionTests;

namespace OrleansIm.Gateway.Tests.Security;

/// <summary>AdminService over real gRPC: only a token with the admin role gets through, and what it does takes effect.</summary>
[Collection(NodeCollection.Name)]
public sealed class AdminServiceTests(NodeFixture fixture)
{
    [Fact]
    public async Task Ordinary_users_are_refused_every_admin_operation()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        using var channel = GrpcChannel.ForAddress(fixture.Node.GrpcAddress);
        var admin = Client(channel, alice.Token);
        var conversation = await alice.OpenDirectAsync(bob);

        await AssertStatus(StatusCode.PermissionDenied, async () => await admin.BanUserAsync(new BanUserRequest { UserId = bob.Id }));
        await AssertStatus(StatusCode.PermissionDenied, async () => await admin.UnbanUserAsync(new UnbanUserRequest { UserId = bob.Id }));
        await AssertStatus(StatusCode.PermissionDenied, async () => await admin.ListBansAsync(new ListBansRequest()));
        await AssertStatus(StatusCode.PermissionDenied, async () => await admin.CreateGroupAsync(new AdminCreateGroupRequest { OwnerId = bob.Id, Name = "theirs" }));
        await AssertStatus(StatusCode.PermissionDenied, async () => await admin.PostSystemMessageAsync(new PostSystemMessageRequest { ConversationId = conversation.Id, ClientMessageId = "a1", Text = "fake" }));
        Assert.Empty((await bob.HistoryAsync(conversation.Id)).Messages);
    }

    [Fact]
    public async Task An_admin_bans_and_unbans_creates_groups_for_others_and_posts_announcements()
    {
        await using var alice = await fixture.LoginAsync("alice");
        await using var bob = await fixture.LoginAsync("bob");
        using var channel = GrpcChannel.ForAddress(fixture.Node.GrpcAddress);
        var adminToken = TestTokens.Create(TestTokens.Hs256(TestNode.SigningKey), NodeFixture.Unique("ops"), claims: new Dictionary<string, object> { ["role"] = "admin" });
        var admin = Client(channel, adminToken);

        var group = await admin.CreateGroupAsync(new AdminCreateGroupRequest { OwnerId = alice.Id, Name = "made for alice", MemberIds = { bob.Id } });
        Assert.Equal(alice.Id, group.Members.Single(m => m.Role == MemberRole.Owner).UserId);
        var announcement = await admin.PostSystemMessageAsync(new PostSystemMessageRequest { ConversationId = group.Id, ClientMessageId = "notice-1", Text = "maintenance at noon" });
        var seen = (await bob.HistoryAsync(group.Id)).Messages.Single(m => m.Seq == announcement.Seq);
        Assert.Equal("maintenance at noon", seen.Body.System.Text);

        await admin.BanUserAsync(new BanUserRequest { UserId = bob.Id, Reason = "spam" });
        Assert.Contains((await admin.ListBansAsync(new ListBansRequest())).Bans, b => b.UserId == bob.Id);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await bob.SendTextAsync(group.Id, "still here?"));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("banned", refused.Status.Detail);

        Assert.True((await admin.UnbanUserAsync(new UnbanUserRequest { UserId = bob.Id })).WasBanned);
        var back = await bob.SendTextAsync(group.Id, "back again");
        Assert.Equal(announcement.Seq + 1, back.Seq);
    }

    [Fact]
    public async Task A_ban_ends_the_users_open_stream_with_a_go_away_that_says_so_and_the_reconnect_is_refused()
    {
        await using var carol = await fixture.LoginAsync("carol");
        await using var stream = await carol.ConnectAsync("phone");
        using var channel = GrpcChannel.ForAddress(fixture.Node.GrpcAddress);
        var admin = Client(channel, TestTokens.Create(TestTokens.Hs256(TestNode.SigningKey), NodeFixture.Unique("ops"), claims: new Dictionary<string, object> { ["role"] = "admin" }));

        await admin.BanUserAsync(new BanUserRequest { UserId = carol.Id, Reason = "spam" });
        try
        {
            var goAway = await stream.WaitForAsync(f => f.GoAway is not null);
            Assert.Equal($"'{carol.Id}' is banned.", goAway.GoAway.Reason);
            Assert.Equal(StatusCode.OK, (await stream.WaitForEndAsync()).StatusCode);

            using var again = carol.Chat.Connect();
            await again.RequestStream.WriteAsync(new ClientFrame { Hello = new Hello { DeviceId = "phone" } });
            var refused = await Assert.ThrowsAsync<RpcException>(() => again.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
            Assert.Contains("is banned", refused.Status.Detail);
        }
        finally
        {
            await admin.UnbanUserAsync(new UnbanUserRequest { UserId = carol.Id });
        }
    }

    private static AdminService.AdminServiceClient Client(GrpcChannel channel, string token) =>
        new(channel.Intercept(m => { m.Add("authorization", $"Bearer {token}"); return m; }));
}
