namespace OrleansIm.Client.Cursors;

/// <summary>The default: the cursor lives as long as the process, so a restart resyncs from the start.</summary>
public sealed class InMemoryCursorStore(long initialCursor = 0) : ICursorStore
{
    private long _cursor = initialCursor;

    public long Cursor => Interlocked.Read(ref _cursor);

    public ValueTask<long> LoadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Cursor);

    public ValueTask SaveAsync(long cursor, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _cursor, cursor);
        return ValueTask.CompletedTask;
    }
}
