using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansIm.Gateway.Tests.Support;

/// <summary>A self-signed server certificate for 127.0.0.1 and localhost, written as PEM and as PFX.</summary>
public sealed class TestCertificate : IDisposable
{
    public const string PfxPassword = "pfx-password-7f3a9c1e-do-not-log";

    private TestCertificate(X509Certificate2 certificate, string directory)
    {
        Certificate = certificate;
        Directory = directory;
        File.WriteAllText(CertificatePemPath, certificate.ExportCertificatePem());
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            File.WriteAllText(KeyPemPath, key.ExportPkcs8PrivateKeyPem());
        }
        File.WriteAllBytes(PfxPath, certificate.Export(X509ContentType.Pkcs12, PfxPassword));
    }

    public X509Certificate2 Certificate { get; }

    public string Directory { get; }

    public string CertificatePemPath => Path.Combine(Directory, "server.crt");

    public string KeyPemPath => Path.Combine(Directory, "server.key");

    public string PfxPath => Path.Combine(Directory, "server.pfx");

    public static TestCertificate Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=orleansim-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return new TestCertificate(certificate, System.IO.Directory.CreateTempSubdirectory("orleansim-tls-").FullName);
    }

    /// <summary>Trusts exactly this certificate (what a client pinning a self-signed gateway does).</summary>
    public bool Trusts(X509Certificate? presented) =>
        presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString();

    public void Dispose()
    {
        Certificate.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
