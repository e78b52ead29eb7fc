using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansIm.Deployment.Tests.Published;

/// <summary>
/// What a production operator puts into the Secrets the overlay mounts, made fresh for a test
/// run: the gateway's TLS key pair (the orleansim-gateway-tls Secret's tls.crt and tls.key) and
/// the token issuer's public key as a JWKS file (orleansim-auth's jwks.json). Each Secret becomes
/// a folder holding one file per key, as a Secret volume does.
/// </summary>
public sealed class OperatorSecrets : IDisposable
{
    private readonly ECDsa _issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private readonly string _root = Directory.CreateTempSubdirectory("orleansim-secrets-").FullName;

    public OperatorSecrets()
    {
        using var tlsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=orleansim-gateway", tlsKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        Write("orleansim-gateway-tls", "tls.crt", _certificate.ExportCertificatePem());
        Write("orleansim-gateway-tls", "tls.key", tlsKey.ExportPkcs8PrivateKeyPem());
        var q = _issuerKey.ExportParameters(false).Q;
        Write("orleansim-auth", "jwks.json",
            $"{{\"keys\":[{{\"kty\":\"EC\",\"use\":\"sig\",\"alg\":\"ES256\",\"crv\":\"P-256\",\"kid\":\"{KeyId}\",\"x\":\"{Base64UrlEncoder.Encode(q.X)}\",\"y\":\"{Base64UrlEncoder.Encode(q.Y)}\"}}]}}");
    }

    public const string KeyId = "issuer-2026";

    /// <summary>The folder a Secret volume of this name would be, or null for a Secret the test does not make.</summary>
    public string? VolumeOf(string secretName)
    {
        var folder = Path.Combine(_root, secretName);
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>A token as the identity provider would issue it (ES256, signed with the key the JWKS file publishes).</summary>
    public string Token(string userId, string issuer, string audience) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId)]),
            Issuer = issuer,
            Audience = audience,
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_issuerKey) { KeyId = KeyId }, SecurityAlgorithms.EcdsaSha256),
        });

    /// <summary>Trusts exactly the gateway's certificate, as a client pinning it does.</summary>
    public bool IsGatewayCertificate(X509Certificate? presented) =>
        presented is not null && presented.GetCertHashString() == _certificate.GetCertHashString();

    public void Dispose()
    {
        _issuerKey.Dispose();
        _certificate.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private void Write(string secret, string key, string content)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, secret)).FullName;
        File.WriteAllText(Path.Combine(folder, key), content);
    }
}
