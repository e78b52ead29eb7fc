using OrleansIm.Bench.Core;

namespace OrleansIm.Bench.Scenarios.Idle;

/// <summary>
/// Runs one step per user with bounded parallelism: enough to open thousands of streams in
/// seconds, few enough that the 2 shared cores are not swamped with queued calls.
/// </summary>
internal static class BoundedWork
{
    private const int Parallelism = 32;

    // Small steps (smoke runs, warm-up) get one line at the end instead of ten.
    private const int MinProgressStep = 100;

    /// <param name="progress">What each finished step means, for a progress line every tenth and at the end; null = silent.</param>
    public static Task ForEachAsync(int count, string? progress, BenchContext context, Func<int, CancellationToken, ValueTask> step, CancellationToken cancellationToken)
    {
        var done = 0;
        var every = Math.Max(MinProgressStep, count / 10);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        return Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (index, token) =>
        {
            await step(index, token);
            var finished = Interlocked.Increment(ref done);
            if (progress is not null && (finished % every == 0 || finished == count))
            {
                context.Log($"{progress}: {finished}/{count}");
            }
        });
    }
}
