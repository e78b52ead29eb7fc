using System.Text;

namespace OrleansIm.Gateway.Options;

/// <summary>Bearer-token settings; bound from "OrleansIm:Auth" and validated at start-up (see docs/security-auth.md).</summary>
public sealed class JwtOptions
{
    public const string SectionName = "OrleansIm:Auth";
    public const int MinimumSecretBytes = 32;

    /// <summary>A single HS256 key, at least 32 bytes of UTF-8 (kept for existing deployments; its kid is empty).</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Further trusted keys (HS256 secrets, RS256/ES256 public keys), all valid at once.</summary>
    public List<SigningKeyOptions> SigningKeys { get; set; } = [];

    /// <summary>A JWKS file of trusted public keys, re-read when it changes (key rotation without a restart).</summary>
    public string? JwksPath { get; set; }

    /// <summary>How often the JWKS file is re-read even when no change was noticed (mounted volumes do not always signal).</summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    public string Issuer { get; set; } = "orleansim";

    public string Audience { get; set; } = "orleansim";

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The claim that carries roles ("role" by default; array-valued or space-separated values both count).</summary>
    public string AdminRoleClaim { get; set; } = "role";

    /// <summary>The value of <see cref="AdminRoleClaim"/> that makes the caller an admin.</summary>
    public string AdminRoleValue { get; set; } = "admin";

    /// <summary>The claim that marks a service credential ("scope", space-separated as in OAuth 2).</summary>
    public string ServiceScopeClaim { get; set; } = "scope";

    /// <summary>The value of <see cref="ServiceScopeClaim"/> that makes the caller a backend service.</summary>
    public string ServiceScopeValue { get; set; } = "im.service";

    /// <summary>Validated tokens remembered so repeated unary calls with one token skip the signature check.</summary>
    public int TokenCacheSize { get; set; } = 10_000;

    /// <summary>How long a validated token is trusted without being checked again (never past its expiry).</summary>
    public TimeSpan TokenCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The development login (AuthService.DevLogin). Null: on in Development, off elsewhere.
    /// True outside Development fails start-up: it cannot be switched on there.
    /// </summary>
    public bool? DevLogin { get; set; }

    /// <summary>Lifetime of tokens issued by the development login.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The HS256 secret the development login signs with: <see cref="SigningKey"/>, else the first configured secret.</summary>
    public (string? KeyId, byte[] Secret)? DevSigningSecret =>
        SigningKey.Length > 0 ? (null, Encoding.UTF8.GetBytes(SigningKey))
        : SigningKeys.FirstOrDefault(k => !string.IsNullOrEmpty(k.Secret)) is { } key ? (key.KeyId, Encoding.UTF8.GetBytes(key.Secret!))
        : null;

    public bool DevLoginEnabled(bool isDevelopment) => isDevelopment && DevLogin != false;

    /// <summary>Every broken rule, naming the setting and never echoing a secret.</summary>
    public void Validate(bool isDevelopment)
    {
        var errors = new List<string>();
        if (SigningKey.Length > 0 && Encoding.UTF8.GetByteCount(SigningKey) < MinimumSecretBytes)
        {
            errors.Add($"SigningKey must be at least {MinimumSecretBytes} bytes (set OrleansIm__Auth__SigningKey).");
        }
        for (var i = 0; i < SigningKeys.Count; i++)
        {
            var key = SigningKeys[i];
            var sources = new[] { key.Secret, key.PublicKeyPem, key.PublicKeyPath }.Count(s => !string.IsNullOrEmpty(s));
            if (sources != 1) errors.Add($"SigningKeys:{i} must set exactly one of Secret, PublicKeyPem or PublicKeyPath.");
            if (!string.IsNullOrEmpty(key.Secret) && Encoding.UTF8.GetByteCount(key.Secret) < MinimumSecretBytes) errors.Add($"SigningKeys:{i}:Secret must be at least {MinimumSecretBytes} bytes.");
        }
        var kids = SigningKeys.Where(k => !string.IsNullOrEmpty(k.KeyId)).GroupBy(k => k.KeyId).Where(g => g.Count() > 1).Select(g => g.Key);
        foreach (var kid in kids) errors.Add($"SigningKeys: KeyId '{kid}' is used twice.");
        if (SigningKey.Length == 0 && SigningKeys.Count == 0 && string.IsNullOrWhiteSpace(JwksPath))
        {
            errors.Add("No token-signing key is configured: set SigningKey, SigningKeys or JwksPath (e.g. OrleansIm__Auth__SigningKey).");
        }
        if (JwksRefreshInterval <= TimeSpan.Zero) errors.Add("JwksRefreshInterval must be positive.");
        if (string.IsNullOrWhiteSpace(Issuer)) errors.Add("Issuer must not be empty.");
        if (string.IsNullOrWhiteSpace(Audience)) errors.Add("Audience must not be empty.");
        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(10)) errors.Add("ClockSkew must be in 0..10 minutes.");
        if (string.IsNullOrWhiteSpace(AdminRoleClaim) || string.IsNullOrWhiteSpace(AdminRoleValue)) errors.Add("AdminRoleClaim and AdminRoleValue must not be empty.");
        if (string.IsNullOrWhiteSpace(ServiceScopeClaim) || string.IsNullOrWhiteSpace(ServiceScopeValue)) errors.Add("ServiceScopeClaim and ServiceScopeValue must not be empty.");
        if (TokenCacheSize < 0) errors.Add("TokenCacheSize must not be negative (0 turns the cache off).");
        if (TokenCacheDuration < TimeSpan.Zero) errors.Add("TokenCacheDuration must not be negative.");
        if (DevTokenLifetime <= TimeSpan.Zero) errors.Add("DevTokenLifetime must be positive.");
        if (DevLogin == true && !isDevelopment)
        {
            errors.Add("DevLogin cannot be enabled outside the Development environment (remove OrleansIm:Auth:DevLogin).");
        }
        if (DevLoginEnabled(isDevelopment) && DevSigningSecret is null)
        {
            errors.Add("The development login needs an HS256 key (SigningKey or a SigningKeys entry with Secret), or set DevLogin to false.");
        }
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid {SectionName} settings: {string.Join(" ", errors)}");
        }
    }

    public override string ToString() => $"JwtOptions(issuer={Issuer}, audience={Audience}, keys={SigningKeys.Count + (SigningKey.Length > 0 ? 1 : 0)}, jwks={JwksPath ?? "-"})";
}
