using Microsoft.IdentityModel.Tokens;

namespace OrleansIm.Gateway.Auth;

/// <summary>
/// Names a signing key by its JWK thumbprint (RFC 7638): the same key material gives the same
/// name whichever file or setting it was read from, and a new key under an old kid gives a new
/// one. A stream remembers the name of the key that signed its token, so the gateway can tell
/// when that key stops being trusted.
/// </summary>
internal static class SigningKeyIdentity
{
    /// <summary>The key's thumbprint, or "" for a key that cannot have one (such a key is never reported as removed).</summary>
    public static string Of(SecurityKey? key)
    {
        if (key is null || !key.CanComputeJwkThumbprint())
        {
            return "";
        }
        try
        {
            return Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // A key the provider cannot export still verifies tokens; its streams just cannot be
            // told apart when keys change, as for a key without a thumbprint.
            return "";
        }
    }
}
