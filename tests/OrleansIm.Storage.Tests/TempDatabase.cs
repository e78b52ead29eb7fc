using Microsoft.Data.Sqlite;
using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Storage.Tests;

/// <summary>A data directory of its own for one test, removed afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "orleansim-storage-tests", Guid.NewGuid().ToString("N"));

    public SqliteStoreOptions Options(int maxBatchSize = 512) => new() { DataDirectory = DataDirectory, MaxBatchSize = maxBatchSize };

    public Task<SqliteMessageStore> OpenAsync(int maxBatchSize = 512) => SqliteMessageStore.OpenAsync(Options(maxBatchSize));

    /// <summary>A plain read-write connection beside the store, for looking at or tampering with the file.</summary>
    public SqliteConnection Connect() => Open(Options().GetConnectionString());

    /// <summary>The same for the grain-state file Orleans' provider uses.</summary>
    public SqliteConnection ConnectGrainState() => Open(Options().GetGrainStateConnectionString());

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
