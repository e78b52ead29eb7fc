using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansIm.Gateway.Tests.Support;

/// <summary>Mints tokens the way an identity provider would, including the ones it never should.</summary>
public static class TestTokens
{
    public const string Issuer = "orleansim";
    public const string Audience = "orleansim";

    public static SigningCredentials Hs256(string secret, string? kid = null) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)) { KeyId = kid }, SecurityAlgorithms.HmacSha256);

    public static string Create(
        SigningCredentials credentials,
        string? subject,
        string issuer = Issuer,
        string audience = Audience,
        DateTime? notBefore = null,
        DateTime? expires = null,
        bool withExpiry = true,
        IDictionary<string, object>? claims = null)
    {
        var now = DateTime.UtcNow;
        var all = new Dictionary<string, object>(claims ?? new Dictionary<string, object>());
        if (subject is not null)
        {
            all[JwtRegisteredClaimNames.Sub] = subject;
        }
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var expiry = expires ?? now.AddMinutes(10);
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = all,
            IssuedAt = now,
            NotBefore = notBefore ?? (expiry < now ? expiry.AddMinutes(-1) : now.AddSeconds(-1)),
            Expires = withExpiry ? expiry : null,
            SigningCredentials = credentials,
        });
    }

    /// <summary>An unsigned token ("alg": "none"), which must never be accepted.</summary>
    public static string Unsigned(string subject)
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = Base64UrlEncoder.Encode($"{{\"sub\":\"{subject}\",\"iss\":\"{Issuer}\",\"aud\":\"{Audience}\",\"exp\":{exp}}}");
        return $"{header}.{payload}.";
    }
}
