namespace OrleansIm.Bench.Core;

public interface IScenario
{
    /// <summary>Command-line name, e.g. "direct".</summary>
    string Name { get; }

    string Description { get; }

    Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchContext context, CancellationToken cancellationToken);
}
