using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OrleansIm.Gateway.Options;

namespace OrleansIm.Gateway.Auth;

/// <summary>
/// The keys a token may be signed with: those in configuration plus those of the JWKS file, which
/// is re-read when it changes (and every JwksRefreshInterval, because mounted volumes replaced
/// through a symlink swap do not always raise a change event for the file's own name). A file that
/// cannot be used keeps the previous keys: a half-written or broken JWKS must not lock everyone out.
/// </summary>
public sealed class TrustedKeys : IDisposable
{
    private readonly IReadOnlyList<SecurityKey> _configured;
    private readonly string? _jwksPath;
    private readonly ILogger<TrustedKeys> _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer? _timer;
    private readonly Lock _reloadLock = new();
    private volatile Snapshot _current;
    private byte[] _jwksHash = [];
    private byte[] _refusedHash = [];

    public TrustedKeys(IOptions<JwtOptions> options, ILogger<TrustedKeys> logger)
    {
        _logger = logger;
        _configured = ConfiguredSigningKeys.Load(options.Value);
        _jwksPath = string.IsNullOrWhiteSpace(options.Value.JwksPath) ? null : Path.GetFullPath(options.Value.JwksPath);
        _current = new Snapshot(_configured, 0);
        if (_jwksPath is null)
        {
            return;
        }
        // Start-up validation has proved the file usable; should it break before this first
        // read, the watcher and the timer pick it up once it is repaired.
        Reload();
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_jwksPath)!, Path.GetFileName(_jwksPath))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Reload();
        _watcher.Created += (_, _) => Reload();
        _watcher.Renamed += (_, _) => Reload();
        _watcher.EnableRaisingEvents = true;
        _timer = new Timer(_ => Reload(), null, options.Value.JwksRefreshInterval, options.Value.JwksRefreshInterval);
    }

    /// <summary>Raised after each reading of the JWKS file that changed the keys or failed.</summary>
    public event Action<KeysReloaded>? Reloaded;

    /// <summary>Changes whenever the set of trusted keys does; validated-token cache entries of an older version are not trusted.</summary>
    public long Version => _current.Version;

    /// <summary>The keys a token with this kid may be signed with: only the key with that id, or every key when the token names none.</summary>
    public IEnumerable<SecurityKey> Resolve(string? kid)
    {
        var keys = _current.Keys;
        return string.IsNullOrEmpty(kid) ? keys : keys.Where(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal));
    }

    /// <summary>
    /// Whether the key a token was verified with (its <see cref="SigningKeyIdentity"/>) is still
    /// trusted. "" (a key without a thumbprint) always is: it cannot be told apart.
    /// </summary>
    public bool StillTrusts(string signingKey) => signingKey.Length == 0 || _current.Identities.Contains(signingKey);

    /// <summary>Reads the JWKS file again now; does nothing when it did not change.</summary>
    public void Reload()
    {
        if (_jwksPath is null)
        {
            return;
        }
        KeysReloaded outcome;
        lock (_reloadLock)
        {
            try
            {
                var hash = SHA256.HashData(File.ReadAllBytes(_jwksPath));
                if (hash.AsSpan().SequenceEqual(_jwksHash) || hash.AsSpan().SequenceEqual(_refusedHash))
                {
                    return;
                }
                _refusedHash = hash;
                var keys = JwksDocument.Read(_jwksPath);
                _refusedHash = [];
                _jwksHash = hash;
                _current = new Snapshot([.. _configured, .. keys], _current.Version + 1);
                outcome = new KeysReloaded(true, [.. keys.Select(k => k.KeyId ?? "")], null);
                _logger.LogInformation("Trusted keys reloaded from {Path}: key ids {KeyIds}", _jwksPath, string.Join(",", outcome.KeyIds));
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                // The message names the file and the kind of failure, never its content.
                var reason = ex is InvalidDataException ? ex.Message : $"The JWKS file '{_jwksPath}' cannot be read ({ex.GetType().Name}).";
                outcome = new KeysReloaded(false, [], reason);
                _logger.LogWarning("{Reason} Keeping the {Count} keys in use.", reason, _current.Keys.Count);
            }
        }
        Reloaded?.Invoke(outcome);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _timer?.Dispose();
    }

    private sealed record Snapshot(IReadOnlyList<SecurityKey> Keys, long Version)
    {
        public HashSet<string> Identities { get; } = [.. Keys.Select(SigningKeyIdentity.Of)];
    }
}
