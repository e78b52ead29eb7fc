using System.Collections.Concurrent;

namespace OrleansIm.Gateway.Auth;

/// <summary>
/// Tokens already validated, so the many unary calls an SDK makes with one token cost a lookup
/// instead of a signature check. An entry is trusted until the earliest of the token's expiry and
/// <c>TokenCacheDuration</c> after validation, and only while the trusted keys are those it was
/// validated against: a key removed from the JWKS file stops being accepted as soon as the file
/// is re-read. Bounded: when full, expired entries go, and if that is not enough all of them.
/// </summary>
public sealed class ValidatedTokenCache(int capacity, TimeSpan duration, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _hits;

    public int Count => _entries.Count;

    public long Hits => Interlocked.Read(ref _hits);

    public AuthenticatedCaller? Get(string token, long keyVersion)
    {
        if (!_entries.TryGetValue(token, out var entry))
        {
            return null;
        }
        if (entry.KeyVersion != keyVersion || entry.Until <= clock.GetUtcNow())
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(token, entry));
            return null;
        }
        Interlocked.Increment(ref _hits);
        return entry.Caller;
    }

    public void Add(string token, AuthenticatedCaller caller, long keyVersion)
    {
        if (capacity == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var until = now + duration < caller.ExpiresAt ? now + duration : caller.ExpiresAt;
        if (until <= now)
        {
            return;
        }
        if (_entries.Count >= capacity)
        {
            Trim(now);
        }
        _entries[token] = new Entry(caller, until, keyVersion);
    }

    private void Trim(DateTimeOffset now)
    {
        foreach (var (token, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(token, entry));
            }
        }
        if (_entries.Count >= capacity)
        {
            // Rare (more live tokens than the cache holds): every entry is revalidated once.
            _entries.Clear();
        }
    }

    private sealed record Entry(AuthenticatedCaller Caller, DateTimeOffset Until, long KeyVersion);
}
