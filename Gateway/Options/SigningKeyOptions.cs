namespace OrleansIm.Gateway.Options;

/// <summary>
/// One trusted token-signing key, an entry of "OrleansIm:Auth:SigningKeys". Exactly one of
/// <see cref="Secret"/> (HS256), <see cref="PublicKeyPem"/> or <see cref="PublicKeyPath"/>
/// (RS256 or ES256 public key) is set. Several entries are valid at once, which is how a key is
/// rotated: add the new one, move the issuer to it, remove the old one once its tokens expired.
/// </summary>
public sealed class SigningKeyOptions
{
    /// <summary>The JWT header's "kid" this key answers to; a token with a kid is checked only against the key with that id.</summary>
    public string? KeyId { get; set; }

    /// <summary>HS256 shared secret, at least 32 bytes of UTF-8.</summary>
    public string? Secret { get; set; }

    /// <summary>An RSA or P-256 EC public key in PEM ("-----BEGIN PUBLIC KEY-----").</summary>
    public string? PublicKeyPem { get; set; }

    /// <summary>A file holding such a PEM public key.</summary>
    public string? PublicKeyPath { get; set; }

    // Configuration binders and loggers call ToString; the secret must never appear there.
    public override string ToString() => $"SigningKey(kid={KeyId ?? "-"}, {(Secret is not null ? "HS256 secret" : PublicKeyPath is not null ? $"public key file {PublicKeyPath}" : "public key PEM")})";
}
