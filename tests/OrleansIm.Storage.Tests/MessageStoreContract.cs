using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Messages;
using OrleansIm.Grains.Interfaces.Users;
using OrleansIm.Grains.Storage;
using static OrleansIm.Storage.Tests.Messages;

namespace OrleansIm.Storage.Tests;

/// <summary>
/// What every <see cref="IMessageStore"/> must do, whatever database is behind it. A backend's
/// test class inherits this and supplies a fresh, empty store.
/// </summary>
public abstract class MessageStoreContract : IAsyncLifetime
{
    protected IMessageStore Store { get; private set; } = null!;

    protected abstract Task<IMessageStore> CreateStoreAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual async Task DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    private async Task<string> SeedAsync(int count, Func<string, long, MessageRecord>? make = null)
    {
        var conversation = NewConversation();
        for (var seq = 1; seq <= count; seq++)
        {
            await Store.AppendMessageAsync((make ?? ((c, s) => Text(c, s)))(conversation, seq));
        }

        return conversation;
    }

    /// <summary>Two messages from alice, and bob's sync log announcing them as sync seqs 1 and 2.</summary>
    private async Task<string> SeedWithBobsMessageEventsAsync()
    {
        var conversation = await SeedAsync(2);
        await Store.AppendSyncEventsAsync("bob",
        [
            new StoredSyncEvent(1, SyncEventKind.Message, conversation, 1, "alice", 1),
            new StoredSyncEvent(2, SyncEventKind.Message, conversation, 2, "alice", 2),
        ]);
        return conversation;
    }

    private static string Seqs(IEnumerable<MessageRecord> messages) => string.Join(",", messages.Select(m => m.Seq));

    [Fact]
    public async Task Appended_messages_read_back_with_every_field_and_body_kind()
    {
        var conversation = NewConversation();
        var stored = new[]
        {
            Text(conversation, 1, "alice", "hello"),
            With(conversation, 2, "bob", new CustomBody("sticker", [1, 2, 3, 255])),
            With(conversation, 3, "alice", new SystemNoticeBody(SystemNoticeKind.MembersAdded, "alice", ["carol", "dave"], "team", MemberRole.Member)),
        };
        foreach (var message in stored)
        {
            await Store.AppendMessageAsync(message);
        }

        foreach (var message in stored)
        {
            Assert.Equivalent(message, await Store.GetMessageAsync(conversation, message.Seq), strict: true);
        }

        Assert.Null(await Store.GetMessageAsync(conversation, 4));
        Assert.Null(await Store.GetMessageAsync(NewConversation(), 1));
    }

    [Fact]
    public async Task Last_seq_is_zero_for_an_empty_conversation_and_the_highest_seq_otherwise()
    {
        var conversation = await SeedAsync(7);
        var other = await SeedAsync(2);

        Assert.Equal(7, await Store.GetLastSeqAsync(conversation));
        Assert.Equal(2, await Store.GetLastSeqAsync(other));
        Assert.Equal(0, await Store.GetLastSeqAsync(NewConversation()));
    }

    [Fact]
    public async Task Backward_history_pages_newest_first_below_the_anchor()
    {
        var conversation = await SeedAsync(10);
        await SeedAsync(3); // another conversation must not leak into the pages

        Assert.Equal("10,9,8", Seqs(await Store.ReadMessagesAsync(conversation, 0, HistoryDirection.Backward, 3)));
        Assert.Equal("10,9", Seqs(await Store.ReadMessagesAsync(conversation, -1, HistoryDirection.Backward, 2)));
        Assert.Equal("7,6,5", Seqs(await Store.ReadMessagesAsync(conversation, 8, HistoryDirection.Backward, 3)));
        Assert.Equal("1", Seqs(await Store.ReadMessagesAsync(conversation, 2, HistoryDirection.Backward, 5)));
        Assert.Empty(await Store.ReadMessagesAsync(conversation, 1, HistoryDirection.Backward, 5));
        Assert.Empty(await Store.ReadMessagesAsync(conversation, 0, HistoryDirection.Backward, 0));
    }

    [Fact]
    public async Task Forward_history_pages_oldest_first_above_the_anchor()
    {
        var conversation = await SeedAsync(10);

        Assert.Equal("1,2,3", Seqs(await Store.ReadMessagesAsync(conversation, 0, HistoryDirection.Forward, 3)));
        Assert.Equal("4,5,6,7", Seqs(await Store.ReadMessagesAsync(conversation, 3, HistoryDirection.Forward, 4)));
        Assert.Equal("9,10", Seqs(await Store.ReadMessagesAsync(conversation, 8, HistoryDirection.Forward, 5)));
        Assert.Empty(await Store.ReadMessagesAsync(conversation, 10, HistoryDirection.Forward, 5));
        Assert.Empty(await Store.ReadMessagesAsync(NewConversation(), 0, HistoryDirection.Forward, 5));
    }

    [Fact]
    public async Task An_edit_replaces_the_target_body_in_the_same_write()
    {
        var conversation = await SeedAsync(1);
        var newBody = new TextBody("fixed typo");
        var edit = With(conversation, 2, "alice", new EditBody(1, newBody));

        await Store.AppendMessageAsync(edit, new MessageUpdate(1, newBody, EditedAtMs: 5_000, Recalled: false));

        var target = await Store.GetMessageAsync(conversation, 1);
        Assert.Equal(newBody, target!.Body);
        Assert.Equal(5_000, target.EditedAtMs);
        Assert.False(target.Recalled);
        Assert.Equivalent(edit, await Store.GetMessageAsync(conversation, 2), strict: true);
        var history = await Store.ReadMessagesAsync(conversation, 0, HistoryDirection.Forward, 10);
        Assert.Equal(newBody, history[0].Body);
    }

    [Fact]
    public async Task A_recall_clears_the_target_body_and_marks_it_recalled()
    {
        var conversation = await SeedAsync(2);

        await Store.AppendMessageAsync(With(conversation, 3, "alice", new RecallBody(1)), new MessageUpdate(1, null, EditedAtMs: 6_000, Recalled: true));

        var history = await Store.ReadMessagesAsync(conversation, 0, HistoryDirection.Backward, 10);
        var target = history.Single(m => m.Seq == 1);
        Assert.True(target.Recalled);
        Assert.Null(target.Body);
        Assert.False(history.Single(m => m.Seq == 2).Recalled);
        Assert.Equal(new RecallBody(1), history.Single(m => m.Seq == 3).Body);
    }

    [Fact]
    public async Task Sync_events_read_back_in_order_after_a_cursor_and_per_user()
    {
        var conversation = await SeedWithBobsMessageEventsAsync();
        await Store.AppendSyncEventsAsync("bob", [new StoredSyncEvent(3, SyncEventKind.Read, conversation, 2, "bob", 0)]);
        await Store.AppendSyncEventsAsync("carol", [new StoredSyncEvent(1, SyncEventKind.Receipt, conversation, 2, "bob", 0)]);

        var all = await Store.ReadSyncEventsAsync("bob", 0, 10);
        Assert.Equal([1L, 2, 3], all.Select(e => e.SyncSeq));
        Assert.Equal(new SyncEventRecord(3, SyncEventKind.Read, conversation, 2, "bob", 0, null), all[2]);
        Assert.Equal(await Store.GetMessageAsync(conversation, 2), all[1].Message);
        Assert.Equal(2, all[1].Unread);

        Assert.Equal([2L], (await Store.ReadSyncEventsAsync("bob", 1, 1)).Select(e => e.SyncSeq));
        Assert.Empty(await Store.ReadSyncEventsAsync("bob", 3, 10));
        Assert.Equal(SyncEventKind.Receipt, Assert.Single(await Store.ReadSyncEventsAsync("carol", 0, 10)).Kind);

        Assert.Equal(3, await Store.GetLastSyncSeqAsync("bob"));
        Assert.Equal(1, await Store.GetLastSyncSeqAsync("carol"));
        Assert.Equal(0, await Store.GetLastSyncSeqAsync("nobody"));
    }

    [Fact]
    public async Task Synced_message_events_show_the_message_as_it_is_now()
    {
        var conversation = await SeedWithBobsMessageEventsAsync();
        var edited = new TextBody("edited");
        await Store.AppendMessageAsync(With(conversation, 3, "alice", new EditBody(1, edited)), new MessageUpdate(1, edited, 7_000, false));
        await Store.AppendMessageAsync(With(conversation, 4, "alice", new RecallBody(2)), new MessageUpdate(2, null, 8_000, true));

        var events = await Store.ReadSyncEventsAsync("bob", 0, 10);

        Assert.Equal(edited, events[0].Message!.Body);
        Assert.Equal(7_000, events[0].Message!.EditedAtMs);
        Assert.True(events[1].Message!.Recalled);
        Assert.Null(events[1].Message!.Body);
    }

    [Fact]
    public async Task Unread_counts_countable_messages_from_others_in_the_half_open_range()
    {
        var conversation = NewConversation();
        MessageRecord[] messages =
        [
            Text(conversation, 1, "alice"),
            Text(conversation, 2, "bob"),                                     // own message
            With(conversation, 3, "alice", new CustomBody("img", [7])),
            With(conversation, 4, "alice", new SystemNoticeBody(SystemNoticeKind.Renamed, "alice", [], "n", MemberRole.Member)),
            Text(conversation, 5, "alice"),                                   // recalled below
            Text(conversation, 6, "carol"),
        ];
        foreach (var message in messages)
        {
            await Store.AppendMessageAsync(message);
        }

        await Store.AppendMessageAsync(With(conversation, 7, "alice", new RecallBody(5)), new MessageUpdate(5, null, 9_000, true));
        await Store.AppendMessageAsync(With(conversation, 8, "alice", new EditBody(6, new TextBody("x"))), new MessageUpdate(6, new TextBody("x"), 9_000, false));

        Assert.Equal(3, await Store.CountUnreadAsync(conversation, "bob", 0, 8));  // 1, 3, 6
        Assert.Equal(3, await Store.CountUnreadAsync(conversation, "bob", 1, 6));  // 3, 5, 6: after is exclusive, upTo inclusive,
                                                                                   // and 5's recall (seq 7) is beyond the range
        Assert.Equal(2, await Store.CountUnreadAsync(conversation, "bob", 1, 7));  // 3, 6: the recall at 7 is inside it
        Assert.Equal(1, await Store.CountUnreadAsync(conversation, "bob", 0, 2));  // 1
        Assert.Equal(2, await Store.CountUnreadAsync(conversation, "alice", 0, 8)); // 2, 6
        Assert.Equal(0, await Store.CountUnreadAsync(conversation, "bob", 6, 6));
        Assert.Equal(0, await Store.CountUnreadAsync(conversation, "bob", 8, 3));
    }

    [Fact]
    public async Task Delivery_tracking_lists_the_conversations_whose_fan_out_is_behind()
    {
        var behind = NewConversation();
        var caughtUp = NewConversation();
        await Store.AppendMessageAsync(Text(behind, 1));
        await Store.AppendMessageAsync(Text(behind, 2));
        await Store.AppendMessageAsync(Text(caughtUp, 1));
        await Store.MarkDeliveredAsync(behind, 1);
        await Store.MarkDeliveredAsync(caughtUp, 1);
        await Store.MarkDeliveredAsync(caughtUp, 0);

        var undelivered = await Store.ListUndeliveredConversationsAsync("", 10_000);
        Assert.Contains(behind, undelivered);
        Assert.DoesNotContain(caughtUp, undelivered);
        Assert.Equal(1, await Store.GetDeliveredSeqAsync(behind));
        Assert.Equal(1, await Store.GetDeliveredSeqAsync(caughtUp));
        Assert.Equal(0, await Store.GetDeliveredSeqAsync(NewConversation()));

        await Store.MarkDeliveredAsync(behind, 2);
        Assert.DoesNotContain(behind, await Store.ListUndeliveredConversationsAsync("", 10_000));
        Assert.DoesNotContain(behind, await Store.ListUndeliveredConversationsAsync(behind, 10_000));
    }

    [Fact]
    public async Task A_read_position_never_moves_backwards()
    {
        var conversation = NewConversation();
        await Store.SaveReadPositionAsync(conversation, "bob", 5);
        await Store.SaveReadPositionAsync(conversation, "bob", 3);
        await Store.SaveReadPositionAsync(conversation, "alice", 2);
        await Store.SaveReadPositionAsync(NewConversation(), "alice", 9);

        Assert.Equal([new ReadPositionInfo("alice", 2), new ReadPositionInfo("bob", 5)], await Store.ReadReadPositionsAsync(conversation));

        await Store.SaveReadPositionAsync(conversation, "bob", 8);
        Assert.Contains(new ReadPositionInfo("bob", 8), await Store.ReadReadPositionsAsync(conversation));
        Assert.Empty(await Store.ReadReadPositionsAsync(NewConversation()));
    }

    [Fact]
    public async Task Recent_send_keys_are_the_newest_sends_oldest_first()
    {
        var conversation = await SeedAsync(5, (c, s) => Text(c, s, s % 2 == 0 ? "bob" : "alice"));

        Assert.Equal(
            [new SendKey("alice", "c-alice-3", 3, 1_003), new SendKey("bob", "c-bob-4", 4, 1_004), new SendKey("alice", "c-alice-5", 5, 1_005)],
            await Store.ReadRecentSendKeysAsync(conversation, 3));
        Assert.Equal(5, (await Store.ReadRecentSendKeysAsync(conversation, 100)).Count);
        Assert.Empty(await Store.ReadRecentSendKeysAsync(NewConversation(), 10));
    }

    [Fact]
    public async Task Group_members_are_rows_written_with_their_notice_and_paged_by_user_id()
    {
        var conversation = NewConversation();
        var rows = Enumerable.Range(0, 25).Select(i => new GroupMemberRow($"u{i:D3}", MemberRole.Member, 1, 1_000, Muted: false)).ToList();
        rows[0] = rows[0] with { Role = MemberRole.Owner };
        await Store.AppendMessageWithMembersAsync(Text(conversation, 1), new GroupMemberChanges(rows, []));

        Assert.Equal(1, await Store.GetLastSeqAsync(conversation));
        var first = await Store.ReadGroupMembersAsync(conversation, "", 10);
        Assert.Equal(rows.Take(10), first);
        var second = await Store.ReadGroupMembersAsync(conversation, first[^1].UserId, 10);
        Assert.Equal(rows.Skip(10).Take(10), second);
        Assert.Equal(5, (await Store.ReadGroupMembersAsync(conversation, second[^1].UserId, 10)).Count);
        Assert.Empty(await Store.ReadGroupMembersAsync(NewConversation(), "", 10));
        Assert.Equal(rows[0], await Store.GetGroupMemberAsync(conversation, "u000"));
        Assert.Null(await Store.GetGroupMemberAsync(conversation, "nobody"));
    }

    [Fact]
    public async Task Group_member_rows_are_replaced_and_deleted()
    {
        var conversation = NewConversation();
        await Store.SaveGroupMembersAsync(conversation, GroupMemberChanges.Upsert(
            new GroupMemberRow("alice", MemberRole.Owner, 1, 1_000, false),
            new GroupMemberRow("bob", MemberRole.Member, 4, 2_000, false)));

        await Store.SaveGroupMembersAsync(conversation, GroupMemberChanges.Upsert(new GroupMemberRow("bob", MemberRole.Admin, 4, 2_000, Muted: true)));
        Assert.Equal(new GroupMemberRow("bob", MemberRole.Admin, 4, 2_000, true), await Store.GetGroupMemberAsync(conversation, "bob"));

        await Store.AppendMessageWithMembersAsync(Text(conversation, 5), GroupMemberChanges.Remove("bob"));
        Assert.Null(await Store.GetGroupMemberAsync(conversation, "bob"));
        Assert.Equal(["alice"], (await Store.ReadGroupMembersAsync(conversation, "", 10)).Select(r => r.UserId));
    }

    [Fact]
    public async Task A_users_large_groups_are_listed_with_their_join_seq()
    {
        var user = "member-" + Guid.NewGuid().ToString("N")[..8];
        var a = NewConversation();
        var b = NewConversation();
        await Store.SaveGroupMembersAsync(a, GroupMemberChanges.Upsert(new GroupMemberRow(user, MemberRole.Member, 7, 1_000, false)));
        await Store.SaveGroupMembersAsync(b, GroupMemberChanges.Upsert(new GroupMemberRow(user, MemberRole.Member, 1, 1_000, false), new GroupMemberRow("other", MemberRole.Owner, 1, 1_000, false)));

        var groups = await Store.ListGroupsOfMemberAsync(user, 10);
        Assert.Equal(new[] { new GroupMembership(a, 7), new GroupMembership(b, 1) }.OrderBy(g => g.ConversationId, StringComparer.Ordinal), groups);
        Assert.Single(await Store.ListGroupsOfMemberAsync(user, 1));
        Assert.Empty(await Store.ListGroupsOfMemberAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], 10));
    }

    [Fact]
    public async Task A_failed_membership_write_leaves_neither_the_notice_nor_the_rows()
    {
        var conversation = NewConversation();
        await Store.AppendMessageAsync(Text(conversation, 1));
        // Seq 1 exists: the notice's insert fails, and the rows of its transaction with it.
        await Assert.ThrowsAnyAsync<Exception>(() => Store.AppendMessageWithMembersAsync(Text(conversation, 1), GroupMemberChanges.Upsert(new GroupMemberRow("carol", MemberRole.Member, 1, 1, false))));
        Assert.Null(await Store.GetGroupMemberAsync(conversation, "carol"));
    }
}
