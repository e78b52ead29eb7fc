using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using OrleansIm.Grains.Storage.Postgres;

namespace OrleansIm.Storage.Tests.Postgres;

/// <summary>
/// On a database with enough rows for the planner to care (and fresh statistics), every read of
/// the store must be an index lookup or range read, in the plan for concrete values as well as in
/// the generic plan a prepared statement ends up with.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresQueryPlanTests(PostgresFixture postgres)
{
    /// <summary>Each read statement, values for its parameters, and the index its plan must use.</summary>
    public static TheoryData<string, string, PlanMode> Reads()
    {
        var data = new TheoryData<string, string, PlanMode>();
        foreach (var mode in Enum.GetValues<PlanMode>())
        {
            foreach (var name in Statements.Keys)
            {
                data.Add(name, Statements[name].Index, mode);
            }
        }

        return data;
    }

    public enum PlanMode
    {
        /// <summary>Planned for the values given, as the first executions of a prepared statement are.</summary>
        Custom,

        /// <summary>Planned once for any values, as a prepared statement may be from its sixth execution on.</summary>
        Generic,
    }

    private static readonly Dictionary<string, (string Sql, object[] Values, string Index)> Statements = new()
    {
        ["Message"] = (PostgresReadSql.Message, ["conv-17", 40L], "message_pkey"),
        ["MessagesBackward"] = (PostgresReadSql.MessagesBackward, ["conv-17", 90L, 20], "message_pkey"),
        ["MessagesForward"] = (PostgresReadSql.MessagesForward, ["conv-17", 10L, 20], "message_pkey"),
        ["LastSeq"] = (PostgresReadSql.LastSeq, ["conv-17"], "message_pkey"),
        ["RecentSendKeys"] = (PostgresReadSql.RecentSendKeys, ["conv-17", 50], "message_pkey"),
        ["CountUnread"] = (PostgresReadSql.CountUnread, ["conv-17", 10L, 90L, "user-3"], "message_unread_range"),
        ["SyncEvents"] = (PostgresReadSql.SyncEvents, ["user-3", 10L, 50], "user_sync_event_pkey"),
        ["LastSyncSeq"] = (PostgresReadSql.LastSyncSeq, ["user-3"], "user_sync_event_pkey"),
        ["ReadPositions"] = (PostgresReadSql.ReadPositions, ["conv-17"], "read_position_pkey"),
        ["DeliveredSeq"] = (PostgresReadSql.DeliveredSeq, ["conv-17"], "conversation_delivery_pkey"),
        ["UndeliveredConversations"] = (PostgresReadSql.UndeliveredConversations, ["", 100], "conversation_delivery_behind"),
        ["GroupMembers"] = (PostgresReadSql.GroupMembers, ["conv-17", "user-100", 200], "group_member_pkey"),
        ["GroupMember"] = (PostgresReadSql.GroupMember, ["conv-17", "user-3"], "group_member_(pkey|by_user)"),  // both indexes hold the pair: either is a lookup
        ["GroupsOfMember"] = (PostgresReadSql.GroupsOfMember, ["user-3", 1000], "group_member_by_user"),
    };

    [Fact]
    public void Every_read_statement_is_checked() =>
        Assert.Equal(PostgresReadSql.Statements.All.Order(), Statements.Values.Select(s => s.Sql).Order());

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_read_uses_its_index_and_scans_no_table(string statement, string index, PlanMode mode)
    {
        var database = await postgres.SharedAsync("query-plans", FilledDatabase.CreateAsync);
        var (sql, values, _) = Statements[statement];

        var plan = await database.ExplainAsync(sql, values, mode);

        Assert.False(Regex.IsMatch(plan, @"Seq Scan on (message|user_sync_event|read_position|conversation_delivery|group_member)\b"), plan);
        // A plain, backward, index-only or bitmap scan of the index: all are range reads of it.
        Assert.True(Regex.IsMatch(plan, $@"(Index (Only )?Scan (Backward )?using|Bitmap Index Scan on) {index}\b"), plan);
    }

    /// <summary>A database migrated and filled once for all the plan tests, with fresh statistics.</summary>
    private sealed class FilledDatabase(string connectionString) : IAsyncDisposable
    {
        public static async Task<FilledDatabase> CreateAsync(PostgresFixture postgres)
        {
            var options = await postgres.NewStoreOptionsAsync();
            await PostgresMessageStore.MigrateAsync(options);
            await using var connection = await PostgresFixture.ConnectAsync(options.ConnectionString);
            // 2,000 conversations of 100 messages from 10 senders (every tenth a notice that does
            // not count), 2,000 users with 100 sync events each, 10 readers per conversation, and
            // every conversation delivered but two.
            await using var fill = new NpgsqlCommand("""
                INSERT INTO message (conversation_id, seq, sender_id, client_message_id, sent_at_ms, body, counts_unread)
                SELECT 'conv-' || c, s, 'user-' || (s % 10), 'client-' || c || '-' || s, 1000 + s, '{"$k":"text","text":"x"}', s % 10 <> 0
                FROM generate_series(1, 2000) c, generate_series(1, 100) s;
                INSERT INTO user_sync_event (user_id, sync_seq, kind, conversation_id, seq, actor_id, unread)
                SELECT 'user-' || u, s, 1, 'conv-' || (s * 7 % 2000 + 1), s, 'user-0', 1
                FROM generate_series(1, 2000) u, generate_series(1, 100) s;
                INSERT INTO read_position (conversation_id, user_id, read_seq)
                SELECT 'conv-' || c, 'user-' || u, 50 FROM generate_series(1, 2000) c, generate_series(1, 10) u;
                INSERT INTO conversation_delivery (conversation_id, last_seq, delivered_seq)
                SELECT 'conv-' || c, 100, CASE WHEN c IN (7, 70) THEN 90 ELSE 100 END FROM generate_series(1, 2000) c;
                INSERT INTO group_member (conversation_id, user_id, role, joined_seq, joined_at_ms)
                SELECT 'conv-' || c, 'user-' || u, 1, 1, 1000 FROM generate_series(1, 50) c, generate_series(1, 2000) u;
                ANALYZE;
                """, connection);
            await fill.ExecuteNonQueryAsync();
            return new FilledDatabase(options.ConnectionString);
        }

        public async Task<string> ExplainAsync(string sql, object[] values, PlanMode mode)
        {
            await using var connection = await PostgresFixture.ConnectAsync(connectionString);
            var types = string.Join(", ", values.Select(PostgresStoreReader.Parameter).Select(p => p.NpgsqlDbType.ToString().ToLowerInvariant()));
            var arguments = string.Join(", ", values.Select(Literal));
            await using var command = new NpgsqlCommand($"""
                SET plan_cache_mode = {(mode == PlanMode.Generic ? "force_generic_plan" : "force_custom_plan")};
                PREPARE plan_probe ({types}) AS {sql};
                EXPLAIN EXECUTE plan_probe ({arguments});
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }

            return string.Join(Environment.NewLine, lines);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static string Literal(object value) => value is string text
            ? "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'"
            : Convert.ToString(value, CultureInfo.InvariantCulture)!;
    }
}
