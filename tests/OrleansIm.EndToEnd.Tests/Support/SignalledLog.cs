namespace OrleansIm.EndToEnd.Tests.Support;

/// <summary>
/// Events in arrival order, filled by a background reader; a test waits for a condition on them,
/// woken by each arrival rather than by polling.
/// </summary>
internal sealed class SignalledLog<T>
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly List<T> _items = [];
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyList<T> Items
    {
        get { lock (_items) { return [.. _items]; } }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
        _arrived.Release();
    }

    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!condition())
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || (!await _arrived.WaitAsync(left) && !condition()))
            {
                throw new TimeoutException($"Timed out waiting for {what}; {Items.Count} events so far: {string.Join(", ", Items.TakeLast(10))}");
            }
        }
    }
}
