using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using OrleansIm.Gateway.Options;

namespace OrleansIm.Gateway.Auth;

/// <summary>The keys written into configuration (SigningKey and SigningKeys); read once at start-up.</summary>
public static class ConfiguredSigningKeys
{
    /// <summary>Throws with a message naming the broken entry (never its secret) when a key cannot be read.</summary>
    public static IReadOnlyList<SecurityKey> Load(JwtOptions options)
    {
        var keys = new List<SecurityKey>();
        if (options.SigningKey.Length > 0)
        {
            keys.Add(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)));
        }
        for (var i = 0; i < options.SigningKeys.Count; i++)
        {
            var entry = options.SigningKeys[i];
            var key = !string.IsNullOrEmpty(entry.Secret)
                ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(entry.Secret))
                : PublicKey(entry, $"{JwtOptions.SectionName}:SigningKeys:{i}");
            key.KeyId = string.IsNullOrEmpty(entry.KeyId) ? null : entry.KeyId;
            keys.Add(key);
        }
        return keys;
    }

    private static SecurityKey PublicKey(SigningKeyOptions entry, string setting)
    {
        string pem;
        if (!string.IsNullOrEmpty(entry.PublicKeyPath))
        {
            try
            {
                pem = File.ReadAllText(entry.PublicKeyPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"{setting}:PublicKeyPath '{entry.PublicKeyPath}' cannot be read ({ex.GetType().Name}).");
            }
        }
        else
        {
            pem = entry.PublicKeyPem!;
        }
        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            // A private key in the gateway's configuration would let anyone who reads it mint tokens.
            throw new InvalidOperationException($"{setting} holds a private key; configure only the public key.");
        }
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
        }
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            ec.Dispose();
            throw new InvalidOperationException($"{setting} is not a PEM RSA or EC public key (\"-----BEGIN PUBLIC KEY-----\").");
        }
    }
}
