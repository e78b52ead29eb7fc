namespace OrleansIm.Grains.Storage;

/// <summary>One caller's write waiting for a group-commit writer, and the task the caller awaits.</summary>
internal sealed class QueuedWrite(Action<IStoreWrites> apply, int rows = 1)
{
    /// <summary>Rows the write touches (its caller's count), for the store's statistics.</summary>
    public int Rows { get; } = rows;

    /// <summary>The span of the code that queued the write, when traced; the commit span links to it.</summary>
    public System.Diagnostics.Activity? Caller { get; } = Telemetry.StoreTracing.Caller();

    // Continuations must not run on the writer: it would stall the next commit behind grain code.
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _completion.Task;

    public void Apply(IStoreWrites writes) => apply(writes);

    public void Succeed() => _completion.TrySetResult();

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
