using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Storage.Tests.Orleans;

/// <summary>A <see cref="GrainStorageCluster"/> on an embedded grain-state file migrated by <see cref="SqliteMigrator"/>.</summary>
public sealed class OrleansSqliteCluster : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public GrainStorageCluster Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Opening the store is what a silo does before it starts: it applies the migrations.
        await using (await _database.OpenAsync())
        {
        }

        Silo = await GrainStorageCluster.StartAsync("System.Data.SQLite", _database.Options().GetGrainStateConnectionString(), _database.ConnectGrainState);
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        _database.Dispose();
    }
}
