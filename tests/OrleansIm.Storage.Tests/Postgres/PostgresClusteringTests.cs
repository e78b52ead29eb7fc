using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;
using OrleansIm.Grains.Storage.Postgres;
using OrleansIm.Storage.Tests.Orleans;

namespace OrleansIm.Storage.Tests.Postgres;

/// <summary>Orleans' ADO.NET clustering (invariant "Npgsql") on the project's PostgreSQL schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusteringTests(PostgresFixture postgres)
{
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Silos_join_as_active_rows_clients_find_them_as_gateways_and_a_leaving_silo_is_marked_dead()
    {
        var connectionString = await MigratedDatabaseAsync();
        await using var cluster = await PostgresOrleansCluster.StartAsync(connectionString, silos: 2);

        var joined = await MembersAsync(connectionString, cluster.ClusterId);
        Assert.Equal([Active, Active], joined.Select(m => m.Status));
        Assert.All(joined, m => Assert.True(m.ProxyPort > 0));
        Assert.Equal(2, (await GatewaysAsync(connectionString, cluster.ClusterId)).Count);
        // The client reached the cluster through the gateways it read from the table.
        Assert.Equal(0, await cluster.Client.GetGrain<IReminderProbeGrain>("clustering").Ticks());

        await cluster.StopSiloAsync(1);

        await Eventually.TrueAsync(
            async () => (await MembersAsync(connectionString, cluster.ClusterId)).Select(m => m.Status).Order().SequenceEqual([Active, Dead]),
            "the stopped silo's row to be marked dead");
        var remaining = (await MembersAsync(connectionString, cluster.ClusterId)).Single(m => m.Status == Active);
        Assert.Equal(remaining.ProxyPort, Assert.Single(await GatewaysAsync(connectionString, cluster.ClusterId)).Port);
    }

    [Fact]
    public async Task Membership_writes_check_the_table_version_and_heartbeats_do_not_move_it()
    {
        var connectionString = await MigratedDatabaseAsync();
        var clusterId = "direct-" + Guid.NewGuid().ToString("N")[..8];
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "direct" }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = PostgresStoreOptions.OrleansInvariant, ConnectionString = connectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        var now = WholeMilliseconds(DateTime.UtcNow);
        var old = Entry(11111, SiloStatus.Joining, now.AddHours(-2));
        var young = Entry(22222, SiloStatus.Joining, now);

        var empty = await table.ReadAllAsync();
        Assert.Equal(0, empty.Version.Version);
        Assert.Empty(empty.Members);

        Assert.True(await table.InsertRowAsync(old, empty.Version.Next()));
        Assert.False(await table.InsertRowAsync(young, empty.Version.Next()));      // stale table version
        var one = await table.ReadAllAsync();
        Assert.Equal(1, one.Version.Version);
        Assert.True(await table.InsertRowAsync(young, one.Version.Next()));
        Assert.False(await table.InsertRowAsync(young, (await table.ReadAllAsync()).Version.Next())); // already a member

        // Marked active, with a suspicion: the update checks the version, the stale copy loses.
        var two = await table.ReadAllAsync();
        old.Status = SiloStatus.Active;
        old.SuspectTimes = [Tuple.Create(young.SiloAddress, now)];
        Assert.True(await table.UpdateRowAsync(old, two.Version.VersionEtag, two.Version.Next()));
        Assert.False(await table.UpdateRowAsync(old, two.Version.VersionEtag, two.Version.Next()));
        var read = await table.ReadRowAsync(old.SiloAddress);
        var (stored, _) = Assert.Single(read.Members);
        Assert.Equal((SiloStatus.Active, old.SiloName, old.StartTime), (stored.Status, stored.SiloName, stored.StartTime));
        Assert.Equal(young.SiloAddress, Assert.Single(stored.SuspectTimes ?? []).Item1);

        // A heartbeat moves IAmAliveTime, never backwards, and leaves the version alone.
        var version = read.Version.Version;
        old.IAmAliveTime = now.AddMinutes(-90);
        await table.UpdateIAmAliveAsync(old);
        old.IAmAliveTime = now.AddHours(-3);
        await table.UpdateIAmAliveAsync(old);
        read = await table.ReadRowAsync(old.SiloAddress);
        Assert.Equal(now.AddMinutes(-90), Assert.Single(read.Members).Item1.IAmAliveTime);
        Assert.Equal(version, read.Version.Version);

        // Only active silos with a gateway port are gateways.
        Assert.Equal([old.ProxyPort], (await GatewaysAsync(connectionString, clusterId)).Select(u => u.Port));

        // A dead silo last alive before the cut-off is cleaned up; a live one stays.
        var beforeDeath = await table.ReadAllAsync();
        old.Status = SiloStatus.Dead;
        old.SuspectTimes = null;
        Assert.True(await table.UpdateRowAsync(old, beforeDeath.Version.VersionEtag, beforeDeath.Version.Next()));
        await table.CleanupDefunctSiloEntriesAsync(now.AddHours(-1));
        Assert.Equal([young.SiloAddress], (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress));

        await table.DeleteMembershipTableEntriesAsync(clusterId);
        Assert.Empty(await MembersAsync(connectionString, clusterId));
        await using var connection = await PostgresFixture.ConnectAsync(connectionString);
        await using var versions = new NpgsqlCommand($"SELECT count(*) FROM orleans_membership_version WHERE deployment_id = '{clusterId}'", connection);
        Assert.Equal(0L, await versions.ExecuteScalarAsync());
    }

    private async Task<string> MigratedDatabaseAsync()
    {
        var options = await postgres.NewStoreOptionsAsync();
        await PostgresMessageStore.MigrateAsync(options);
        return options.ConnectionString;
    }

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime startTime) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, generation: 7),
        SiloName = $"silo-{port}",
        HostName = "test-host",
        Status = status,
        ProxyPort = port + 1,
        StartTime = startTime,
        IAmAliveTime = startTime,
    };

    /// <summary>PostgreSQL keeps microseconds; whole milliseconds read back exactly.</summary>
    private static DateTime WholeMilliseconds(DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    private static async Task<IList<Uri>> GatewaysAsync(string connectionString, string clusterId)
    {
        var provider = new AdoNetGatewayListProvider(
            NullLogger<AdoNetGatewayListProvider>.Instance,
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new AdoNetClusteringClientOptions { Invariant = PostgresStoreOptions.OrleansInvariant, ConnectionString = connectionString }),
            Options.Create(new GatewayOptions()),
            Options.Create(new ClusterOptions { ClusterId = clusterId }));
        await provider.InitializeGatewayListProviderAsync();
        return await provider.GetGatewaysAsync();
    }

    private static async Task<List<(int Status, int ProxyPort, int Generation)>> MembersAsync(string connectionString, string clusterId)
    {
        await using var connection = await PostgresFixture.ConnectAsync(connectionString);
        await using var command = new NpgsqlCommand("SELECT status, proxy_port, generation FROM orleans_membership WHERE deployment_id = $1 ORDER BY generation", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = clusterId });
        await using var reader = await command.ExecuteReaderAsync();
        var members = new List<(int, int, int)>();
        while (await reader.ReadAsync())
        {
            members.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return members;
    }
}
