using OrleansIm.Bench.Targets;
using Spectre.Console;

namespace OrleansIm.Bench.Core;

/// <summary>What every scenario gets: the options, a console for progress, and the targets it may start.</summary>
public sealed class BenchContext(BenchOptions options, IAnsiConsole console)
{
    public BenchOptions Options => options;

    public IAnsiConsole Console => console;

    public void Log(string message) => console.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {Markup.Escape(message)}");

    /// <summary>The system under test: a node this harness starts, or the endpoints given on the command line.</summary>
    public async Task<ITarget> StartSystemUnderTestAsync()
    {
        ITarget target = options.Endpoints.Count > 0 ? new ExternalTarget(options.Endpoints) : new NodeTarget();
        await StartAsync(target);
        return target;
    }

    /// <summary>The bare relay, or null with --no-references.</summary>
    public async Task<ITarget?> StartRelayAsync()
    {
        if (options.NoReferences)
        {
            return null;
        }
        var relay = new RelayTarget();
        await StartAsync(relay);
        return relay;
    }

    private async Task StartAsync(ITarget target)
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
    }
}
