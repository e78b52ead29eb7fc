using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansIm.Gateway.Options;

namespace OrleansIm.Gateway.Auth;

/// <summary>
/// Validates bearer tokens (signature by a trusted key, algorithm, issuer, audience, expiry,
/// not-before, clock skew) and yields only the caller: user id, roles and expiry. Done in a gRPC
/// interceptor rather than ASP.NET Core's authentication middleware: the middleware keeps the
/// validated token and its claims alive for the whole request, which for a stream that lives for
/// hours was about a third of an idle stream's memory.
/// </summary>
public sealed class BearerTokenValidator
{
    /// <summary>HS256 for shared secrets, RS256 and ES256 for public keys; anything else (none included) is refused.</summary>
    public static readonly IReadOnlyList<string> Algorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;
    private readonly JwtOptions _options;
    private readonly TrustedKeys _keys;

    public BearerTokenValidator(IOptions<JwtOptions> options, TrustedKeys keys, TimeProvider clock)
    {
        _options = options.Value;
        _keys = keys;
        Cache = new ValidatedTokenCache(_options.TokenCacheSize, _options.TokenCacheDuration, clock);
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            IssuerSigningKeyResolver = (_, _, kid, _) => _keys.Resolve(kid),
            // A token that names an unknown kid is refused, not tried against every key.
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = Algorithms,
            ClockSkew = _options.ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateLifetime = true,
        };
    }

    public ValidatedTokenCache Cache { get; }

    /// <summary>The caller the token proves, or null with the reason (safe to send back: it never quotes the token).</summary>
    public async ValueTask<(AuthenticatedCaller? Caller, string? Error)> ValidateAsync(string token)
    {
        var version = _keys.Version;
        if (Cache.Get(token, version) is { } cached)
        {
            return (cached, null);
        }
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            return (null, result.Exception is SecurityTokenInvalidSignatureException or SecurityTokenInvalidAlgorithmException
                ? SignatureReason(token, result.Exception)
                : Reason(result.Exception));
        }
        if (result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is not { Length: > 0 } sub)
        {
            return (null, "The token has no subject.");
        }
        var caller = new AuthenticatedCaller(sub, CallerRolesReader.Read(result.ClaimsIdentity, _options), new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero),
            SigningKeyIdentity.Of(result.SecurityToken.SigningKey));
        Cache.Add(token, caller, version);
        return (caller, null);
    }

    /// <summary>
    /// IdentityModel reports most signature failures alike ("no key found" also for a token without
    /// a kid that no key verifies, "invalid signature" also for an algorithm it was told to refuse);
    /// the header says which it was.
    /// </summary>
    private string SignatureReason(string token, Exception exception)
    {
        try
        {
            var header = _handler.ReadJsonWebToken(token);
            if (!Algorithms.Contains(header.Alg))
            {
                return "The token's algorithm is not accepted.";
            }
            if (!string.IsNullOrEmpty(header.Kid) && !_keys.Resolve(header.Kid).Any())
            {
                return "The token's signing key is not trusted.";
            }
            return "The token's signature is not valid.";
        }
        catch (ArgumentException)
        {
            return Reason(exception);
        }
    }

    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        SecurityTokenInvalidAlgorithmException => "The token's algorithm is not accepted.",
        SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenInvalidIssuerException => "The token's issuer is not accepted.",
        SecurityTokenInvalidAudienceException => "The token's audience is not accepted.",
        SecurityTokenMalformedException => "The token is not a well-formed JWT.",
        _ => "The token is not valid.",
    };
}
