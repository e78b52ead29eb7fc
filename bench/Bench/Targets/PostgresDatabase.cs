using OrleansIm.ProcessHost;

namespace OrleansIm.Bench.Targets;

/// <summary>
/// The database a PostgreSQL target runs on: the one given with --postgres, or a fresh one on a
/// throwaway server that this object starts and removes again. A server per target, not one
/// shared by all, so no target inherits another's rows, dead tuples or dirty buffers.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly PostgresServer? _server;

    private PostgresDatabase(string connectionString, PostgresServer? server)
    {
        ConnectionString = connectionString;
        _server = server;
    }

    public string ConnectionString { get; }

    /// <param name="given">The --postgres connection string, or null for a throwaway server.</param>
    public static async Task<PostgresDatabase> OpenAsync(string? given)
    {
        if (given is not null)
        {
            return new PostgresDatabase(given, server: null);
        }
        var server = await PostgresServer.StartAsync();
        try
        {
            return new PostgresDatabase(await server.CreateDatabaseAsync("bench"), server);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// CPU used so far by the server's processes, or null for a server the harness did not start
    /// (it may be on another machine, and may serve others).
    /// </summary>
    public TimeSpan? CpuTime() => _server is null ? null : PostgresCpu.Read(_server);

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
