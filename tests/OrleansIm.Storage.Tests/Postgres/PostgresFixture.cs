using System.Collections.Concurrent;
using Npgsql;
using OrleansIm.Grains.Storage.Postgres;
using OrleansIm.ProcessHost;

namespace OrleansIm.Storage.Tests.Postgres;

/// <summary>
/// One throwaway PostgreSQL server for the test run (<see cref="PostgresServer"/>). Without
/// PostgreSQL installed it fails, naming the package to install: CI installs it, so a missing
/// server is a broken machine, not a reason to skip.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IAsyncDisposable>>> _shared = new();

    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    /// <summary>A new, empty database on the server; its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => Server.CreateDatabaseAsync($"test_{Guid.NewGuid():N}");

    /// <summary>Store options for a new, empty database.</summary>
    public async Task<PostgresStoreOptions> NewStoreOptionsAsync(int maxBatchSize = 512) =>
        new() { ConnectionString = await CreateDatabaseAsync(), MaxBatchSize = maxBatchSize };

    /// <summary>
    /// Something costly that several tests share (an Orleans cluster), made by the first that asks
    /// and disposed with the server.
    /// </summary>
    public async Task<T> SharedAsync<T>(string key, Func<PostgresFixture, Task<T>> create) where T : IAsyncDisposable =>
        (T)await _shared.GetOrAdd(key, _ => new Lazy<Task<IAsyncDisposable>>(async () => await create(this))).Value;

    /// <summary>A plain connection to a test database, for looking at or tampering with its tables.</summary>
    public static async Task<NpgsqlConnection> ConnectAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task DisposeAsync()
    {
        foreach (var shared in _shared.Values.Where(lazy => lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully))
        {
            await (await shared.Value).DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
