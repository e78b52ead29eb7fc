using OrleansIm.Bench.Targets;
using Spectre.Console;

namespace OrleansIm.Bench.Core;

/// <summary>What every scenario gets: the options, a console for progress, and the targets it may start.</summary>
public sealed class BenchContext(BenchOptions options, IAnsiConsole console)
{
    public BenchOptions Options => options;

    public IAnsiConsole Console => console;

    public void Log(string message) => console.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {Markup.Escape(message)}");

    /// <summary>
    /// The system under test: a node this harness starts (on embedded SQLite, or on PostgreSQL
    /// with --postgres), or the endpoints given on the command line.
    /// </summary>
    /// <param name="settings">Node configuration the scenario needs (e.g. raised rate limits); endpoints the harness does not start keep their own.</param>
    public async Task<ITarget> StartSystemUnderTestAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        ITarget target = options switch
        {
            { Endpoints.Count: > 0 } => new ExternalTarget(options.Endpoints, options.Metrics),
            { Postgres: { } connectionString } => new PostgresNodeTarget(connectionString, settings),
            _ => new NodeTarget(settings),
        };
        if (settings is { Count: > 0 } && options.Endpoints.Count > 0)
        {
            Log($"note: the given endpoints keep their own settings; this scenario assumes {string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}"))}");
        }
        return await StartAsync(target);
    }

    /// <summary>The bare relay, or null with --no-references.</summary>
    public async Task<ITarget?> StartRelayAsync()
    {
        if (options.NoReferences)
        {
            return null;
        }
        return await StartAsync(new RelayTarget());
    }

    /// <summary>Starts a target, logging it; disposes it again when it fails to start.</summary>
    public async Task<T> StartAsync<T>(T target) where T : ITarget
    {
        Log($"starting {target.Name}");
        try
        {
            await target.StartAsync();
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
        return target;
    }
}
