using System.Collections;
using System.Diagnostics;

namespace OrleansIm.Gateway.Tests.Telemetry;

/// <summary>
/// The collection the in-memory exporter fills. Spans end on many threads at once, so adds are
/// locked, and a test waits for the spans it needs instead of sleeping.
/// </summary>
public sealed class RecordedSpans : ICollection<Activity>
{
    private readonly object _gate = new();
    private readonly List<Activity> _spans = [];
    private readonly SemaphoreSlim _added = new(0);

    public int Count
    {
        get { lock (_gate) { return _spans.Count; } }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (_gate)
        {
            _spans.Add(item);
        }
        _added.Release();
    }

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_gate)
        {
            return [.. _spans];
        }
    }

    /// <summary>Waits until <paramref name="found"/> returns a value for the spans so far; fails after <paramref name="timeout"/>.</summary>
    public async Task<T> WaitForAsync<T>(Func<IReadOnlyList<Activity>, T?> found, TimeSpan timeout, string what) where T : class
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (found(Snapshot()) is { } result)
            {
                return result;
            }
            try
            {
                await _added.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                var names = string.Join(", ", Snapshot().Select(s => $"{s.Source.Name}/{s.DisplayName}"));
                throw new TimeoutException($"No {what} within {timeout.TotalSeconds} s; spans recorded: {names}");
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_gate)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_gate)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_gate)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
