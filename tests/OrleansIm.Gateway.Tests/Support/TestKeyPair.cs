using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace OrleansIm.Gateway.Tests.Support;

/// <summary>A fresh RSA or P-256 key pair: signs test tokens, and hands the gateway its public half (PEM or JWK).</summary>
public sealed class TestKeyPair
{
    private readonly AsymmetricAlgorithm _key;

    private TestKeyPair(AsymmetricAlgorithm key, string kid)
    {
        _key = key;
        KeyId = kid;
    }

    public string KeyId { get; }

    public static TestKeyPair Rsa(string kid) => new(RSA.Create(2048), kid);

    public static TestKeyPair Ec(string kid) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), kid);

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public string PrivateKeyPem => _key.ExportPkcs8PrivateKeyPem();

    public SigningCredentials Credentials(string? kid = null) => _key switch
    {
        RSA rsa => new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid ?? KeyId }, SecurityAlgorithms.RsaSha256),
        ECDsa ec => new SigningCredentials(new ECDsaSecurityKey(ec) { KeyId = kid ?? KeyId }, SecurityAlgorithms.EcdsaSha256),
        _ => throw new NotSupportedException(),
    };

    /// <summary>The public key as a JWK object (RFC 7517), for a JWKS file.</summary>
    public string Jwk()
    {
        if (_key is RSA rsa)
        {
            var p = rsa.ExportParameters(false);
            return $"{{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"{KeyId}\",\"n\":\"{Base64UrlEncoder.Encode(p.Modulus)}\",\"e\":\"{Base64UrlEncoder.Encode(p.Exponent)}\"}}";
        }
        var q = ((ECDsa)_key).ExportParameters(false).Q;
        return $"{{\"kty\":\"EC\",\"use\":\"sig\",\"alg\":\"ES256\",\"crv\":\"P-256\",\"kid\":\"{KeyId}\",\"x\":\"{Base64UrlEncoder.Encode(q.X)}\",\"y\":\"{Base64UrlEncoder.Encode(q.Y)}\"}}";
    }

    /// <summary>Replaces a JWKS file the way an operator should: write aside, then rename over it.</summary>
    public static void WriteJwks(string path, params TestKeyPair[] keys) =>
        WriteFileAtomically(path, $"{{\"keys\":[{string.Join(",", keys.Select(k => k.Jwk()))}]}}");

    public static void WriteFileAtomically(string path, string content)
    {
        var aside = path + ".new";
        File.WriteAllText(aside, content);
        File.Move(aside, path, overwrite: true);
    }
}
