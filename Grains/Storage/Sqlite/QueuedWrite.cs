namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>One caller's write waiting for the group-commit writer, and the task the caller awaits.</summary>
internal sealed class QueuedWrite(Action<SqliteWriteStatements> apply)
{
    // Continuations must not run on the writer thread: it would stall the next commit behind grain code.
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _completion.Task;

    public void Apply(SqliteWriteStatements statements) => apply(statements);

    public void Succeed() => _completion.TrySetResult();

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}
