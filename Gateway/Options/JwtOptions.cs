using System.Text;

namespace OrleansIm.Gateway.Options;

/// <summary>Bearer-token settings; bound from "OrleansIm:Auth" and validated at start-up.</summary>
public sealed class JwtOptions
{
    public const string SectionName = "OrleansIm:Auth";

    /// <summary>HS256 key, at least 32 bytes of UTF-8. Required; there is no default outside Development.</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "orleansim";

    public string Audience { get; set; } = "orleansim";

    /// <summary>Lifetime of tokens issued by the development login.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public byte[] KeyBytes => Encoding.UTF8.GetBytes(SigningKey);

    public void Validate()
    {
        var errors = new List<string>();
        if (Encoding.UTF8.GetByteCount(SigningKey) < 32) errors.Add("SigningKey must be at least 32 bytes (set OrleansIm__Auth__SigningKey).");
        if (string.IsNullOrWhiteSpace(Issuer)) errors.Add("Issuer must not be empty.");
        if (string.IsNullOrWhiteSpace(Audience)) errors.Add("Audience must not be empty.");
        if (DevTokenLifetime <= TimeSpan.Zero) errors.Add("DevTokenLifetime must be positive.");
        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(10)) errors.Add("ClockSkew must be in 0..10 minutes.");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid {SectionName} settings: {string.Join(" ", errors)}");
        }
    }
}
