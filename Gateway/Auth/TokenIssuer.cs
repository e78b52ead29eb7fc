using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansIm.Gateway.Options;

namespace OrleansIm.Gateway.Auth;

/// <summary>
/// Signs HS256 tokens with the development key; used by the development login and by tests. It is
/// registered only when the development login is on, so outside Development it does not exist.
/// </summary>
public sealed class TokenIssuer(IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(string userId, TimeSpan? lifetime = null)
    {
        var jwt = options.Value;
        var (kid, secret) = jwt.DevSigningSecret ?? throw new InvalidOperationException("No HS256 key is configured for the development login.");
        var now = clock.GetUtcNow();
        var expires = now + (lifetime ?? jwt.DevTokenLifetime);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId)]),
            NotBefore = (lifetime < TimeSpan.Zero ? expires : now).UtcDateTime,
            IssuedAt = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(secret) { KeyId = kid }, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}
