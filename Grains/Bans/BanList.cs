using System.Collections.Frozen;
using OrleansIm.Grains.Interfaces.Bans;

namespace OrleansIm.Grains.Bans;

/// <summary>
/// This silo's copy of the platform ban list, read by the grain boundary check on every marked
/// call: a lookup in an immutable map, replaced whole by the refresher or by the ban list grain.
/// </summary>
public sealed class BanList(TimeProvider clock)
{
    private volatile FrozenDictionary<string, BanRecord> _bans = FrozenDictionary<string, BanRecord>.Empty;

    /// <summary>The ban in force on <paramref name="userId"/>, or null.</summary>
    public BanRecord? ActiveBan(string userId) =>
        _bans.TryGetValue(userId, out var ban) && ban.IsActive(clock.GetUtcNow().ToUnixTimeMilliseconds()) ? ban : null;

    private TaskCompletionSource _replaced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Replace(IEnumerable<BanRecord> bans)
    {
        _bans = bans.ToFrozenDictionary(b => b.UserId, StringComparer.Ordinal);
        Interlocked.Exchange(ref _replaced, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Completes at the next <see cref="Replace"/> (tests wait on it instead of guessing the refresh time).</summary>
    internal Task NextReplacement => Volatile.Read(ref _replaced).Task;
}
