using Microsoft.Data.Sqlite;
using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Storage.Tests;

/// <summary>The store's reads must be key lookups and range reads, never a pass over a whole table.</summary>
public sealed class QueryPlanTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    public static TheoryData<int> ReadStatements() => new(Enumerable.Range(0, SqliteReadSql.All.Count));

    [Theory]
    [MemberData(nameof(ReadStatements))]
    public async Task No_read_scans_a_table(int statement)
    {
        await using (await _database.OpenAsync())
        {
        }

        var plan = Plan(SqliteReadSql.All[statement]);

        // "SCAN <subquery>" over the few rows a LIMIT already chose is fine; SCAN of a table is not.
        Assert.DoesNotContain(plan, step => System.Text.RegularExpressions.Regex.IsMatch(step, @"^SCAN (message|m|e|user_sync_event|read_position)\b"));
    }

    [Fact]
    public async Task Unread_counting_reads_the_partial_unread_index()
    {
        await using (await _database.OpenAsync())
        {
        }

        Assert.Contains(Plan(SqliteReadSql.CountUnread), step => step.Contains("message_unread_range"));
    }

    private List<string> Plan(string sql)
    {
        using var connection = _database.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, @"\$[a-z_]+").Select(m => m.Value).Distinct())
        {
            command.Parameters.AddWithValue(name, name.Contains("conversation") || name.Contains("user") ? "x" : 1);
        }

        using var reader = command.ExecuteReader();
        var steps = new List<string>();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}
