using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Gateway;
using OrleansIm.Grains.Interfaces.Users;

namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>
/// What a gateway would receive, recorded per user in arrival order. Every push completes a
/// signal, so tests await a condition over what arrived (with a timeout) instead of sleeping.
/// </summary>
public sealed class RecordingObserver : IGatewayObserver
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly Dictionary<string, List<SyncEventRecord>> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TypingSignal>> _typing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PresenceSignal>> _presence = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ConversationAdvanced>> _advanced = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ConversationWindow>> _windows = new(StringComparer.Ordinal);
    private readonly List<(string UserId, string DeviceId, string ConnectionId)> _replaced = [];
    private readonly List<(string UserId, string DeviceId, string ConnectionId, string Reason)> _closed = [];
    private int _advancedCalls;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task PushEvents(string userId, SyncEventRecord[] events) => Record(_events, userId, events);

    public Task PushTyping(string userId, TypingSignal signal) => Record(_typing, userId, [signal]);

    public Task PushPresence(string userId, PresenceSignal signal) => Record(_presence, userId, [signal]);

    /// <summary>Records the hint once per named user, as a gateway would fan it out; the call itself is counted too.</summary>
    public Task PushConversationAdvanced(ConversationAdvanced hint, string[] userIds)
    {
        Interlocked.Increment(ref _advancedCalls);
        foreach (var userId in userIds)
        {
            Record(_advanced, userId, [hint]);
        }
        return Task.CompletedTask;
    }

    /// <summary>A hint with its window's messages: recorded as the hint each named user's streams get, and the window per user.</summary>
    public Task PushConversationWindow(ConversationWindow window, string[] userIds)
    {
        Interlocked.Increment(ref _advancedCalls);
        foreach (var userId in userIds)
        {
            Record(_advanced, userId, [window.Hint]);
            Record(_windows, userId, [window]);
        }
        return Task.CompletedTask;
    }

    /// <summary>The windows whose messages this gateway was given to answer <paramref name="userId"/>'s pulls with.</summary>
    public IReadOnlyList<ConversationWindow> Windows(string userId) => Copy(_windows, userId);

    /// <summary>Hints calls this gateway received (one per hint window, whatever the number of users named).</summary>
    public int AdvancedCalls => Volatile.Read(ref _advancedCalls);

    public IReadOnlyList<ConversationAdvanced> Advanced(string userId) => Copy(_advanced, userId);

    public Task Replaced(string userId, string deviceId, string connectionId)
    {
        lock (_gate)
        {
            _replaced.Add((userId, deviceId, connectionId));
            Signal();
        }
        return Task.CompletedTask;
    }

    public Task Closed(string userId, string deviceId, string connectionId, string reason)
    {
        lock (_gate)
        {
            _closed.Add((userId, deviceId, connectionId, reason));
            Signal();
        }
        return Task.CompletedTask;
    }

    public IReadOnlyList<(string UserId, string DeviceId, string ConnectionId, string Reason)> ClosedConnections()
    {
        lock (_gate)
        {
            return [.. _closed];
        }
    }

    public IReadOnlyList<SyncEventRecord> Events(string userId) => Copy(_events, userId);

    public IReadOnlyList<TypingSignal> Typing(string userId) => Copy(_typing, userId);

    public IReadOnlyList<PresenceSignal> Presence(string userId) => Copy(_presence, userId);

    public IReadOnlyList<(string UserId, string DeviceId, string ConnectionId)> ReplacedConnections()
    {
        lock (_gate)
        {
            return [.. _replaced];
        }
    }

    /// <summary>The highest sync seq pushed for the user, 0 if none.</summary>
    public long LatestSyncSeq(string userId)
    {
        var events = Events(userId);
        return events.Count == 0 ? 0 : events.Max(e => e.SyncSeq);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking after every push.</summary>
    public Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, re-checking after every push. The condition
    /// may ask grains: a user grain pushes only what it already applied, so a push is the moment
    /// its answers can change.
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        using var expiry = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }
            if (await condition())
            {
                return;
            }
            try
            {
                await changed.WaitAsync(expiry.Token);
            }
            catch (OperationCanceledException) when (expiry.IsCancellationRequested)
            {
                if (await condition())
                {
                    return;
                }
                throw new TimeoutException($"Timed out after {timeout ?? DefaultTimeout} waiting until {what}.");
            }
        }
    }

    /// <summary>Waits until the user's pushed events reach <paramref name="syncSeq"/>.</summary>
    public Task WaitForSyncSeqAsync(string userId, long syncSeq, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => LatestSyncSeq(userId) >= syncSeq, $"{userId} was pushed sync seq {syncSeq}", timeout);

    /// <summary>Waits until a message event of the conversation with at least <paramref name="seq"/> was pushed for the user.</summary>
    public Task WaitForMessageAsync(string userId, string conversationId, long seq, TimeSpan? timeout = null) =>
        WaitUntilAsync(
            () => Events(userId).Any(e => e.Kind == SyncEventKind.Message && e.ConversationId == conversationId && e.Seq >= seq),
            $"{userId} was pushed message {conversationId}#{seq}",
            timeout);

    private Task Record<T>(Dictionary<string, List<T>> into, string userId, IEnumerable<T> items)
    {
        lock (_gate)
        {
            if (!into.TryGetValue(userId, out var list))
            {
                into[userId] = list = [];
            }
            list.AddRange(items);
            Signal();
        }
        return Task.CompletedTask;
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private IReadOnlyList<T> Copy<T>(Dictionary<string, List<T>> from, string userId)
    {
        lock (_gate)
        {
            return from.TryGetValue(userId, out var list) ? [.. list] : [];
        }
    }
}
