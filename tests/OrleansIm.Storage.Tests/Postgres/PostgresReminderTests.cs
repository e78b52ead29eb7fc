using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using OrleansIm.Grains.Storage.Postgres;
using OrleansIm.Storage.Tests.Orleans;

namespace OrleansIm.Storage.Tests.Postgres;

/// <summary>Orleans' ADO.NET reminder service (invariant "Npgsql") on the project's PostgreSQL schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_reminder_registered_by_a_grain_is_stored_fires_and_is_removed_when_unregistered()
    {
        var connectionString = await MigratedDatabaseAsync();
        await using var cluster = await PostgresOrleansCluster.StartAsync(connectionString, silos: 1);
        var grain = cluster.Client.GetGrain<IReminderProbeGrain>("reminded");

        await grain.Start("wake-up", dueTime: TimeSpan.FromMilliseconds(200), period: TimeSpan.FromMinutes(1));

        Assert.Equal([("wake-up", 60_000L)], await StoredRemindersAsync(connectionString, cluster.ServiceId));
        await Eventually.TrueAsync(async () => await grain.Ticks() > 0, "the reminder to fire");

        await grain.Stop("wake-up");
        Assert.Empty(await StoredRemindersAsync(connectionString, cluster.ServiceId));
    }

    [Fact]
    public async Task The_reminder_table_upserts_with_new_ETags_reads_ring_ranges_and_removes_only_with_the_current_ETag()
    {
        var connectionString = await MigratedDatabaseAsync();
        var services = new ServiceCollection()
            .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = ("reminders-" + Guid.NewGuid().ToString("N")[..8], "direct"))
            .UseAdoNetReminderService(o => o.Configure(options =>
            {
                options.Invariant = PostgresStoreOptions.OrleansInvariant;
                options.ConnectionString = connectionString;
            }));
        await using var provider = services.BuildServiceProvider();
        var table = provider.GetRequiredService<IReminderTable>();
        await table.StartAsync();
        var start = new DateTime(2026, 11, 26, 12, 0, 0, 123, DateTimeKind.Utc);
        var grains = Enumerable.Range(0, 12).Select(i => GrainId.Create("reminder-probe", $"grain-{i}")).ToList();
        foreach (var grain in grains)
        {
            Assert.Equal("0", await table.UpsertRow(Reminder(grain, "tick", start)));
        }

        var first = grains[0];
        Assert.Equal("1", await table.UpsertRow(Reminder(first, "tick", start.AddMinutes(1))));
        Assert.Equal("0", await table.UpsertRow(Reminder(first, "tock", start)));

        var tick = await table.ReadRow(first, "tick");
        Assert.NotNull(tick);
        Assert.Equal((first, start.AddMinutes(1), TimeSpan.FromMinutes(5), "1"), (tick.GrainId, tick.StartAt, tick.Period, tick.ETag));
        Assert.Equal(["tick", "tock"], (await table.ReadRows(first)).Reminders.Select(r => r.ReminderName).Order());
        Assert.Null(await table.ReadRow(first, "never-registered"));

        // (begin, end] on the hash ring. Ordered as the provider compares them (signed), the first
        // range is read with ReadRangeRows1Key, the second and the whole ring with ReadRangeRows2Key.
        var hashes = grains.Select(g => g.GetUniformHashCode()).OrderBy(h => (int)h).ToList();
        foreach (var (begin, end) in new[] { (hashes[2], hashes[8]), (hashes[9], hashes[3]), (0u, 0u) })
        {
            var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end))
                .SelectMany(g => g == first ? new[] { (g, "tick"), (g, "tock") } : [(g, "tick")]).Order().ToList();
            var read = (await table.ReadRows(begin, end)).Reminders.Select(r => (r.GrainId, r.ReminderName)).Order().ToList();
            Assert.Equal(expected, read);
        }

        Assert.False(await table.RemoveRow(first, "tick", "0"));
        Assert.True(await table.RemoveRow(first, "tick", "1"));
        Assert.Null(await table.ReadRow(first, "tick"));

        await table.TestOnlyClearTable();
        Assert.Empty((await table.ReadRows(0u, 0u)).Reminders);
    }

    /// <summary>Orleans' ring ranges: (begin, end], wrapping past the largest hash; begin == end is the whole ring.</summary>
    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry Reminder(GrainId grain, string name, DateTime start) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = start,
        Period = TimeSpan.FromMinutes(5),
    };

    private async Task<string> MigratedDatabaseAsync()
    {
        var options = await postgres.NewStoreOptionsAsync();
        await PostgresMessageStore.MigrateAsync(options);
        return options.ConnectionString;
    }

    private static async Task<List<(string Name, long PeriodMs)>> StoredRemindersAsync(string connectionString, string serviceId)
    {
        await using var connection = await PostgresFixture.ConnectAsync(connectionString);
        await using var command = new NpgsqlCommand("SELECT reminder_name, period_ms FROM orleans_reminder WHERE service_id = $1 ORDER BY reminder_name", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        await using var reader = await command.ExecuteReaderAsync();
        var reminders = new List<(string, long)>();
        while (await reader.ReadAsync())
        {
            reminders.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return reminders;
    }
}
