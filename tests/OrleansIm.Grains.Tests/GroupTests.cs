using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Errors;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Tests.Infrastructure;

namespace OrleansIm.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class GroupTests(ImClusterFixture fixture)
{
    private static SystemNoticeBody? Notice(SyncEventRecord e) => e.Message?.Body as SystemNoticeBody;

    private async Task<(IConversationGrain Conversation, string Id, TestGateway Gateway)> CreateAsync(string owner, string name, params string[] members)
    {
        var gateway = fixture.NewGateway();
        foreach (var user in members.Prepend(owner))
        {
            await gateway.ConnectAsync(fixture.User(user), "phone");
        }
        var conversation = fixture.Conversation(ConversationId.NewGroup());
        await conversation.CreateGroup(owner, name, members);
        return (conversation, conversation.GetPrimaryKeyString(), gateway);
    }

    [Fact]
    public async Task Creating_a_group_tells_every_member_with_a_created_notice()
    {
        var owner = Ids.User("owner");
        var members = new[] { Ids.User("m1"), Ids.User("m2") };
        var (conversation, id, gateway) = await CreateAsync(owner, "  Team  ", members);

        var info = await conversation.GetInfo(members[0]);
        Assert.Equal((ConversationKind.Group, "Team", 1L), (info.Kind, info.Name, info.LastSeq));
        Assert.Equal((owner, MemberRole.Owner), (info.Members[0].UserId, info.Members[0].Role));
        Assert.Equal(members.Order(StringComparer.Ordinal), info.Members.Skip(1).Select(m => m.UserId));
        Assert.All(info.Members.Skip(1), m => Assert.Equal(MemberRole.Member, m.Role));
        foreach (var user in members.Prepend(owner))
        {
            await gateway.Observer.WaitForMessageAsync(user, id, 1);
            var created = Notice(gateway.Observer.Events(user).Single(e => e.ConversationId == id))!;
            Assert.Equal((SystemNoticeKind.Created, owner, "Team"), (created.Kind, created.ActorId, created.Name));
            Assert.Equal(members, created.TargetIds);
            var entry = (await Reads.EntryAsync(fixture.User(user), id))!;
            Assert.Equal(("Team", ConversationKind.Group, 1L, 0), (entry.Title, entry.Kind, entry.LastSeq, entry.Unread));
        }
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.CreateGroup(owner, "again", members));
    }

    [Fact]
    public async Task A_new_member_sees_the_join_and_what_follows_but_no_earlier_history()
    {
        var owner = Ids.User("owner");
        var admin = Ids.User("admin");
        var member = Ids.User("member");
        var newbie = Ids.User("newbie");
        var (conversation, id, gateway) = await CreateAsync(owner, "history", admin, member);
        await gateway.ConnectAsync(fixture.User(newbie), "phone");
        await conversation.SetRole(owner, admin, MemberRole.Admin);
        for (var i = 0; i < 4; i++)
        {
            await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody($"before {i}")));
        }

        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.AddMembers(member, [newbie]));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.AddMembers(newbie, [newbie]));
        var added = await conversation.AddMembers(admin, [newbie, member]);
        var joinSeq = added.LastSeq;
        Assert.Equal(7, joinSeq);
        Assert.Contains(added.Members, m => m.UserId == newbie && m.Role == MemberRole.Member);
        Assert.Equal(4, added.Members.Length);
        var after = await conversation.Send(new SendCommand(member, Ids.Client(), new TextBody("welcome")));

        await gateway.Observer.WaitForMessageAsync(newbie, id, after.Seq);
        var newbieLog = (await Reads.SyncLogAsync(fixture.User(newbie))).Where(e => e.ConversationId == id).ToList();
        Assert.Equal([joinSeq, after.Seq], newbieLog.Select(e => e.Seq));
        var join = Notice(newbieLog[0])!;
        Assert.Equal((SystemNoticeKind.MembersAdded, admin), (join.Kind, join.ActorId));
        Assert.Equal([newbie], join.TargetIds);
        var entry = (await Reads.EntryAsync(fixture.User(newbie), id))!;
        // Nothing before the join is theirs to read; the notice itself is not unread.
        Assert.Equal(("history", after.Seq, joinSeq - 1, 1), (entry.Title, entry.LastSeq, entry.ReadSeq, entry.Unread));

        var backward = await conversation.GetHistory(newbie, 0, HistoryDirection.Backward, 50);
        Assert.Equal([after.Seq, joinSeq], backward.Messages.Select(m => m.Seq));
        Assert.False(backward.HasMore);
        var older = await conversation.GetHistory(newbie, joinSeq, HistoryDirection.Backward, 50);
        Assert.Empty(older.Messages);
        Assert.False(older.HasMore);
        var forward = await conversation.GetHistory(newbie, 0, HistoryDirection.Forward, 1);
        Assert.Equal([joinSeq], forward.Messages.Select(m => m.Seq));
        Assert.True(forward.HasMore);
        Assert.Equal(after.Seq, (await conversation.GetHistory(owner, 0, HistoryDirection.Forward, 50)).Messages.Length);

        // Everyone who was there gets the notice too.
        await gateway.Observer.WaitForMessageAsync(owner, id, after.Seq);
        Assert.Contains(gateway.Observer.Events(owner), e => Notice(e)?.Kind == SystemNoticeKind.MembersAdded);
    }

    [Fact]
    public async Task A_removed_member_gets_the_notice_and_nothing_after()
    {
        var owner = Ids.User("owner");
        var admin = Ids.User("admin");
        var admin2 = Ids.User("admin2");
        var gone = Ids.User("gone");
        var (conversation, id, gateway) = await CreateAsync(owner, "removal", admin, admin2, gone);
        await conversation.SetRole(owner, admin, MemberRole.Admin);
        await conversation.SetRole(owner, admin2, MemberRole.Admin);
        await conversation.Send(new SendCommand(gone, Ids.Client(), new TextBody("still here")));

        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.RemoveMember(gone, admin));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.RemoveMember(admin, owner));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.RemoveMember(admin, admin2));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.RemoveMember(owner, owner));
        await ImAssert.Refused(ImErrorCode.NotFound, () => conversation.RemoveMember(owner, Ids.User("stranger")));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.RemoveMember(owner, "bad id!"));

        var removed = await conversation.RemoveMember(admin, gone);
        Assert.DoesNotContain(removed.Members, m => m.UserId == gone);
        var removalSeq = removed.LastSeq;
        await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("behind their back")));
        await conversation.Rename(owner, "renamed without them");
        var barrier = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("barrier")));
        await gateway.Observer.WaitForMessageAsync(admin, id, barrier.Seq);

        var goneLog = (await Reads.SyncLogAsync(fixture.User(gone))).Where(e => e.ConversationId == id).ToList();
        Assert.Equal(removalSeq, goneLog[^1].Seq);
        Assert.Equal(Enumerable.Range(1, (int)removalSeq).Select(i => (long)i), goneLog.Select(e => e.Seq));
        var notice = Notice(goneLog[^1])!;
        Assert.Equal((SystemNoticeKind.MemberRemoved, admin), (notice.Kind, notice.ActorId));
        Assert.Equal([gone], notice.TargetIds);
        Assert.DoesNotContain(gateway.Observer.Events(gone), e => e.ConversationId == id && e.Seq > removalSeq);
        Assert.Null(await Reads.EntryAsync(fixture.User(gone), id));
        Assert.Equal(0, (await fixture.User(gone).ListConversations()).TotalUnread);
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.GetHistory(gone, 0, HistoryDirection.Backward, 10));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.Send(new SendCommand(gone, Ids.Client(), new TextBody("let me in"))));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => fixture.User(gone).MarkRead(id, 0));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.Leave(gone));
    }

    [Fact]
    public async Task A_leaving_owner_hands_the_group_to_an_admin()
    {
        var owner = Ids.User("owner");
        var elder = Ids.User("elder");
        var admin = Ids.User("admin");
        var (conversation, id, gateway) = await CreateAsync(owner, "succession", elder);
        await conversation.AddMembers(owner, [admin]);
        await conversation.SetRole(owner, admin, MemberRole.Admin);

        await conversation.Leave(owner);

        var info = await conversation.GetInfo(elder);
        Assert.Equal([(admin, MemberRole.Owner), (elder, MemberRole.Member)], info.Members.Select(m => (m.UserId, m.Role)));
        await gateway.Observer.WaitForMessageAsync(elder, id, info.LastSeq);
        var notices = gateway.Observer.Events(elder).Where(e => e.ConversationId == id).Select(Notice).ToList();
        Assert.Equal(
            [SystemNoticeKind.Created, SystemNoticeKind.MembersAdded, SystemNoticeKind.RoleChanged, SystemNoticeKind.MemberLeft, SystemNoticeKind.RoleChanged],
            notices.Select(n => n!.Kind));
        Assert.Equal((owner, MemberRole.Owner), (notices[^1]!.ActorId, notices[^1]!.Role));
        Assert.Equal([admin], notices[^1]!.TargetIds);

        // The leaver hears of their own leaving, and the group drops off their list.
        await gateway.Observer.WaitUntilAsync(
            () => gateway.Observer.Events(owner).Any(e => e.ConversationId == id && Notice(e)?.Kind == SystemNoticeKind.MemberLeft),
            "the owner heard of their own leaving");
        Assert.Null(await Reads.EntryAsync(fixture.User(owner), id));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.GetInfo(owner));
        // The new owner can do what owners do.
        await conversation.SetRole(admin, elder, MemberRole.Admin);
    }

    [Fact]
    public async Task A_leaving_owner_without_admins_hands_the_group_to_the_longest_serving_member()
    {
        var owner = Ids.User("owner");
        var first = Ids.User("zz-first");
        var later = Ids.User("aa-later");
        var (conversation, _, _) = await CreateAsync(owner, "seniority", first);
        await conversation.AddMembers(owner, [later]);

        await conversation.Leave(owner);

        var info = await conversation.GetInfo(first);
        Assert.Equal([(first, MemberRole.Owner), (later, MemberRole.Member)], info.Members.Select(m => (m.UserId, m.Role)));
        await conversation.Leave(later);
        await conversation.Leave(first);
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.GetInfo(first));
    }

    [Fact]
    public async Task Renaming_changes_the_title_in_every_members_list()
    {
        var owner = Ids.User("owner");
        var members = new[] { Ids.User("m1"), Ids.User("m2") };
        var (conversation, id, gateway) = await CreateAsync(owner, "old name", members);

        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.Rename(members[0], "mine now"));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.Rename(owner, "   "));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.Rename(owner, new string('x', 129)));
        var renamed = await conversation.Rename(owner, "new name");

        Assert.Equal("new name", renamed.Name);
        foreach (var user in members.Prepend(owner))
        {
            await gateway.Observer.WaitForMessageAsync(user, id, renamed.LastSeq);
            Assert.Equal("new name", (await Reads.EntryAsync(fixture.User(user), id))!.Title);
        }
        var notice = Notice(gateway.Observer.Events(members[1]).Last(e => e.ConversationId == id))!;
        Assert.Equal((SystemNoticeKind.Renamed, owner, "new name"), (notice.Kind, notice.ActorId, notice.Name));
    }

    [Fact]
    public async Task Only_the_owner_sets_roles_and_only_member_or_admin()
    {
        var owner = Ids.User("owner");
        var admin = Ids.User("admin");
        var member = Ids.User("member");
        var (conversation, id, gateway) = await CreateAsync(owner, "roles", admin, member);

        var promoted = await conversation.SetRole(owner, admin, MemberRole.Admin);
        Assert.Equal(MemberRole.Admin, promoted.Members.Single(m => m.UserId == admin).Role);
        Assert.Equal(promoted.LastSeq, (await conversation.SetRole(owner, admin, MemberRole.Admin)).LastSeq);

        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.SetRole(admin, member, MemberRole.Admin));
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.SetRole(member, member, MemberRole.Admin));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.SetRole(owner, member, MemberRole.Owner));
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.SetRole(owner, owner, MemberRole.Member));
        await ImAssert.Refused(ImErrorCode.NotFound, () => conversation.SetRole(owner, Ids.User("stranger"), MemberRole.Admin));

        var demoted = await conversation.SetRole(owner, admin, MemberRole.Member);
        Assert.Equal(MemberRole.Member, demoted.Members.Single(m => m.UserId == admin).Role);
        await ImAssert.Refused(ImErrorCode.PermissionDenied, () => conversation.AddMembers(admin, [Ids.User("x")]));
        await gateway.Observer.WaitForMessageAsync(member, id, demoted.LastSeq);
        var roles = gateway.Observer.Events(member).Select(Notice).Where(n => n?.Kind == SystemNoticeKind.RoleChanged).ToList();
        Assert.Equal([MemberRole.Admin, MemberRole.Member], roles.Select(n => n!.Role));
    }

    [Fact]
    public async Task Direct_conversations_have_fixed_membership()
    {
        var alice = Ids.User("alice");
        var bob = Ids.User("bob");
        var conversation = fixture.Conversation(ConversationId.Direct(alice, bob));
        await conversation.OpenDirect(alice);

        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.AddMembers(alice, [Ids.User("carol")]));
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.RemoveMember(alice, bob));
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.Leave(bob));
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.Rename(alice, "us"));
        await ImAssert.Refused(ImErrorCode.FailedPrecondition, () => conversation.SetRole(alice, bob, MemberRole.Admin));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => conversation.CreateGroup(alice, "not a group id", [bob]));
        Assert.Equal(2, (await conversation.GetInfo(bob)).Members.Length);
    }

    [Fact]
    public async Task Group_creation_and_growth_are_checked()
    {
        var owner = Ids.User("owner");
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => fixture.Conversation(ConversationId.NewGroup()).CreateGroup(owner, "", [Ids.User("m")]));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => fixture.Conversation(ConversationId.NewGroup()).CreateGroup(owner, new string('n', 129), []));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => fixture.Conversation(ConversationId.NewGroup()).CreateGroup("bad owner!", "x", []));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => fixture.Conversation(ConversationId.NewGroup()).CreateGroup(owner, "x", ["ok", "not ok!"]));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => fixture.Conversation("g:bad id!").CreateGroup(owner, "x", []));
        var tooMany = Enumerable.Range(0, 1001).Select(i => $"crowd{i}-{Guid.NewGuid():N}"[..20]).ToArray();
        // One call adds at most MaxMembersPerCall (1000) users: bigger groups are built in pages.
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => fixture.Conversation(ConversationId.NewGroup()).CreateGroup(owner, "crowd", tooMany));

        // 499 members and the owner are still a small (write-diffusion) group; one more makes it large.
        var conversation = fixture.Conversation(ConversationId.NewGroup());
        var full = await conversation.CreateGroup(owner, "full", tooMany[..499]);
        Assert.Equal(500, full.Members.Length);
        Assert.False(full.Large);
        var grown = await conversation.AddMembers(owner, [Ids.User("one-more")]);
        Assert.True(grown.Large);
        Assert.Equal(501, grown.MemberCount);
        // Duplicates and the owner in the member list are ignored, not counted.
        var small = await fixture.Conversation(ConversationId.NewGroup()).CreateGroup(owner, "dups", [tooMany[0], tooMany[0], owner]);
        Assert.Equal(2, small.Members.Length);
    }

    [Fact]
    public async Task Bodies_from_clients_are_checked()
    {
        var owner = Ids.User("owner");
        var conversation = fixture.Conversation(ConversationId.NewGroup());
        await conversation.CreateGroup(owner, "bodies", [Ids.User("m")]);
        Task Send(MessageBody body) => conversation.Send(new SendCommand(owner, Ids.Client(), body));

        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => Send(new TextBody("")));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => Send(new TextBody(" \n\t ")));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => Send(null!));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => Send(new TextBody(new string('x', 64 * 1024 + 1))));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => Send(new TextBody(new string('é', 32 * 1024 + 1))));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => Send(new CustomBody("bad type!", [1])));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => Send(new CustomBody("blob", new byte[64 * 1024 + 1])));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => Send(new SystemNoticeBody(SystemNoticeKind.Renamed, owner, [], "hijack", MemberRole.Member)));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => Send(new EditBody(1, new TextBody("sneaky edit"))));
        await ImAssert.Refused(ImErrorCode.InvalidArgument, () => Send(new RecallBody(1)));
        Assert.Equal(1, (await conversation.GetInfo(owner)).LastSeq);

        var largest = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody(new string('x', 64 * 1024))));
        var custom = await conversation.Send(new SendCommand(owner, Ids.Client(), new CustomBody("app.card", [1, 2, 3])));
        Assert.Equal([2L, 3L], new[] { largest.Seq, custom.Seq });
        var stored = await Reads.HistoryAsync(conversation, owner);
        Assert.Equal([1, 2, 3], Assert.IsType<CustomBody>(stored[^1].Body).Data);
    }

    [Fact]
    public async Task Redelivery_after_a_crash_is_idempotent_and_never_reaches_behind_a_join()
    {
        var owner = Ids.User("owner");
        var member = Ids.User("member");
        var newbie = Ids.User("newbie");
        var (conversation, id, gateway) = await CreateAsync(owner, "crash", member);
        for (var i = 0; i < 4; i++)
        {
            await conversation.Send(new SendCommand(member, Ids.Client(), new TextBody($"before {i}")));
        }
        var joinSeq = (await conversation.AddMembers(owner, [newbie])).LastSeq;
        var last = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("after")));
        await gateway.Observer.WaitForMessageAsync(owner, id, last.Seq);
        await gateway.Observer.WaitForMessageAsync(member, id, last.Seq);

        // The conversation records its fan-out watermark after the last delivery returns; once it
        // has, nothing more is on its way and the stored state can be rewound safely.
        var recorded = System.Diagnostics.Stopwatch.StartNew();
        while (await fixture.Store.GetDeliveredSeqAsync(id) < last.Seq)
        {
            Assert.True(recorded.Elapsed < RecordingObserver.DefaultTimeout, "the conversation never recorded its delivery");
        }

        // A crash before the fan-out got anywhere: no delivery recorded, and nothing reached the
        // new member's grain (no sync log, no snapshot).
        await fixture.Cluster.DeactivateAsync(conversation);
        await fixture.Cluster.DeactivateAsync(fixture.User(newbie));
        using (var db = fixture.ConnectToDatabase())
        {
            using var command = db.CreateCommand();
            command.CommandText = """
                UPDATE conversation_delivery SET delivered_seq = 0 WHERE conversation_id = $c;
                DELETE FROM user_sync_event WHERE user_id = $u;
                """;
            command.Parameters.AddWithValue("$c", id);
            command.Parameters.AddWithValue("$u", newbie);
            command.ExecuteNonQuery();
        }
        using (var grainState = fixture.ConnectToGrainState())
        {
            using var command = grainState.CreateCommand();
            command.CommandText = "DELETE FROM orleans_grain_state WHERE service_id = $s AND grain_type = 'user' AND grain_id_ext = $u";
            command.Parameters.AddWithValue("$u", newbie);
            command.Parameters.AddWithValue("$s", fixture.ServiceId);
            command.ExecuteNonQuery();
        }

        // Waking the conversation resumes the fan-out from the start.
        await gateway.ConnectAsync(fixture.User(newbie), "phone");
        await conversation.Wake();
        await gateway.Observer.WaitForMessageAsync(newbie, id, last.Seq);
        var barrier = await conversation.Send(new SendCommand(owner, Ids.Client(), new TextBody("barrier")));
        await gateway.Observer.WaitForMessageAsync(newbie, id, barrier.Seq);
        await gateway.Observer.WaitForMessageAsync(owner, id, barrier.Seq);

        var newbieLog = (await Reads.SyncLogAsync(fixture.User(newbie))).Where(e => e.ConversationId == id).ToList();
        Assert.Equal([joinSeq, last.Seq, barrier.Seq], newbieLog.Select(e => e.Seq));
        Assert.Equal(2, (await Reads.EntryAsync(fixture.User(newbie), id))!.Unread);
        var ownerLog = (await Reads.SyncLogAsync(fixture.User(owner))).Where(e => e.ConversationId == id).ToList();
        Assert.Equal(Enumerable.Range(1, (int)barrier.Seq).Select(i => (long)i), ownerLog.Select(e => e.Seq));
        // Members who had everything already are unchanged by the redelivery but for the barrier.
        var memberEntry = (await Reads.EntryAsync(fixture.User(member), id))!;
        Assert.Equal((barrier.Seq, 2), (memberEntry.LastSeq, memberEntry.Unread));
    }
}
