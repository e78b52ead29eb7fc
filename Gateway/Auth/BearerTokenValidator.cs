using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansIm.Gateway.Options;

namespace OrleansIm.Gateway.Auth;

/// <summary>
/// Validates bearer tokens (HS256 signature, issuer, audience, lifetime) and yields only the
/// user id. Done in a gRPC interceptor rather than ASP.NET Core's authentication middleware:
/// the middleware keeps the validated token and its claims alive for the whole request, which
/// for a stream that lives for hours was about a third of an idle stream's memory.
/// </summary>
public sealed class BearerTokenValidator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;

    public BearerTokenValidator(IOptions<JwtOptions> options)
    {
        var settings = options.Value;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKey = new SymmetricSecurityKey(settings.KeyBytes),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = settings.ClockSkew,
            RequireExpirationTime = true,
        };
    }

    /// <summary>The token's subject, or null with the reason when the token is not acceptable.</summary>
    public async Task<(string? UserId, string? Error)> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            return (null, result.Exception switch
            {
                SecurityTokenExpiredException => "The token has expired.",
                SecurityTokenNotYetValidException => "The token is not valid yet.",
                SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The token's signature is not valid.",
                SecurityTokenInvalidIssuerException => "The token's issuer is not accepted.",
                SecurityTokenInvalidAudienceException => "The token's audience is not accepted.",
                _ => "The token is not valid.",
            });
        }
        return result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { } sub
            ? (sub, null)
            : (null, "The token has no subject.");
    }
}
