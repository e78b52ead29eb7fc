using System.Data.Common;
using Orleans.Storage;

namespace OrleansIm.Storage.Tests.Orleans;

/// <summary>
/// What the project's grain-state schema must do for Orleans' ADO.NET grain storage, on every
/// backend: a backend's test class inherits this and supplies a silo on its database.
/// </summary>
public abstract class GrainStorageContract
{
    protected abstract GrainStorageCluster Fixture { get; }

    private IProbeGrain Probe(string key) => Fixture.Cluster.Client.GetGrain<IProbeGrain>(key);

    private (long Version, bool HasPayload)? StoredRow(string stateName, string key)
    {
        using var connection = Fixture.Connect();
        using var command = Command(connection, """
            SELECT version, payload IS NOT NULL FROM orleans_grain_state
            WHERE service_id = @service AND grain_type = @type AND grain_id_ext = @key
            """, ("@service", Fixture.ServiceId), ("@type", stateName), ("@key", key));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetBoolean(1)) : null;
    }

    /// <summary>Another writer (another activation, another silo) moved the stored version on.</summary>
    private void BumpStoredVersion(string key)
    {
        using var connection = Fixture.Connect();
        using var command = Command(connection, "UPDATE orleans_grain_state SET version = version + 1 WHERE service_id = @service AND grain_id_ext = @key",
            ("@service", Fixture.ServiceId), ("@key", key));
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    /// <summary>@names work on both SQLite and PostgreSQL.</summary>
    private static DbCommand Command(DbConnection connection, string sql, params (string Name, string Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    [Fact]
    public async Task State_written_by_a_grain_is_read_back_by_its_next_activation()
    {
        var key = "write-" + Guid.NewGuid().ToString("N");
        var grain = Probe(key);
        var fresh = await grain.Get();
        Assert.Null(fresh.ETag);
        Assert.False(fresh.RecordExists);

        await grain.Set("hello");
        var before = await grain.Get();
        await Fixture.Cluster.DeactivateAsync(grain);
        var after = await grain.Get();

        Assert.NotEqual(before.ActivationId, after.ActivationId);
        Assert.Equal("hello", after.Value);
        Assert.Equal("1", after.ETag);
        Assert.True(after.RecordExists);
        Assert.Equal((1L, true), StoredRow("probe", key));
    }

    [Fact]
    public async Task Clearing_empties_the_payload_and_keeps_counting_versions()
    {
        var key = "clear-" + Guid.NewGuid().ToString("N");
        var grain = Probe(key);
        await grain.Set("doomed");

        await grain.Clear();
        Assert.Equal("2", (await grain.Get()).ETag);
        await Fixture.Cluster.DeactivateAsync(grain);
        var after = await grain.Get();

        Assert.Null(after.Value);
        Assert.Equal("2", after.ETag);
        Assert.Equal((2L, false), StoredRow("probe", key));

        await grain.Set("again");
        Assert.Equal((3L, true), StoredRow("probe", key));
    }

    [Fact]
    public async Task A_write_with_a_stale_ETag_is_a_conflict_and_stores_nothing()
    {
        var key = "stale-" + Guid.NewGuid().ToString("N");
        var grain = Probe(key);
        await grain.Set("first");
        BumpStoredVersion(key);

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Set("lost update"));

        Assert.Equal((2L, true), StoredRow("probe", key));
        await Fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal("first", (await grain.Get()).Value);
    }

    [Fact]
    public async Task The_provider_contract_holds_for_first_writes_stale_writes_and_clears()
    {
        var storage = Fixture.Storage;
        var grainId = GrainId.Create("probe-direct", Guid.NewGuid().ToString("N"));
        var mine = new GrainState<ProbeState>(new ProbeState { Value = "a" });
        var rival = new GrainState<ProbeState>(new ProbeState { Value = "b" });

        await storage.WriteStateAsync("direct", grainId, mine);
        Assert.Equal("1", mine.ETag);

        // A second activation that also believes the grain was never written.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("direct", grainId, rival));

        await storage.WriteStateAsync("direct", grainId, mine);
        Assert.Equal("2", mine.ETag);

        var stale = new GrainState<ProbeState>(new ProbeState()) { ETag = "1", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("direct", grainId, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("direct", grainId, stale));

        await storage.ClearStateAsync("direct", grainId, mine);
        Assert.Equal("3", mine.ETag);

        var read = new GrainState<ProbeState>(new ProbeState { Value = "junk" });
        await storage.ReadStateAsync("direct", grainId, read);
        Assert.Equal("3", read.ETag);
        Assert.Null(read.State!.Value);
    }

    [Fact]
    public async Task A_missing_row_with_an_ETag_is_a_conflict_not_a_fresh_insert()
    {
        var grainId = GrainId.Create("probe-direct", Guid.NewGuid().ToString("N"));
        var ghost = new GrainState<ProbeState>(new ProbeState { Value = "x" }) { ETag = "4", RecordExists = true };

        await Assert.ThrowsAsync<InconsistentStateException>(() => Fixture.Storage.WriteStateAsync("direct", grainId, ghost));

        var read = new GrainState<ProbeState>(new ProbeState());
        await Fixture.Storage.ReadStateAsync("direct", grainId, read);
        Assert.Null(read.ETag);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task Integer_keys_with_and_without_extension_are_different_grains()
    {
        var type = "probe-int-" + Guid.NewGuid().ToString("N");
        var plain = GrainId.Create(GrainType.Create(type), GrainIdKeyExtensions.CreateIntegerKey(42));
        var extended = GrainId.Create(GrainType.Create(type), GrainIdKeyExtensions.CreateIntegerKey(42, "ext"));

        await Fixture.Storage.WriteStateAsync("direct", plain, new GrainState<ProbeState>(new ProbeState { Value = "plain" }));
        await Fixture.Storage.WriteStateAsync("direct", extended, new GrainState<ProbeState>(new ProbeState { Value = "extended" }));

        var readPlain = new GrainState<ProbeState>(new ProbeState());
        var readExtended = new GrainState<ProbeState>(new ProbeState());
        await Fixture.Storage.ReadStateAsync("direct", plain, readPlain);
        await Fixture.Storage.ReadStateAsync("direct", extended, readExtended);
        Assert.Equal(("plain", "1"), (readPlain.State!.Value, readPlain.ETag));
        Assert.Equal(("extended", "1"), (readExtended.State!.Value, readExtended.ETag));
    }
}
