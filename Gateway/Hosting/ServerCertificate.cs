using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansIm.Gateway.Options;

namespace OrleansIm.Gateway.Hosting;

/// <summary>Loads the gateway's TLS certificate; failures name the file and the setting, never the password.</summary>
public static class ServerCertificate
{
    public static X509Certificate2 Load(TlsOptions tls)
    {
        var path = tls.CertificatePath!;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{TlsOptions.SectionName}:CertificatePath '{path}' does not exist.");
        }
        if (tls.IsPem && !File.Exists(tls.KeyPath))
        {
            throw new InvalidOperationException($"{TlsOptions.SectionName}:KeyPath '{tls.KeyPath}' does not exist.");
        }
        X509Certificate2 certificate;
        try
        {
            certificate = tls.IsPem
                ? string.IsNullOrEmpty(tls.CertificatePassword)
                    ? X509Certificate2.CreateFromPemFile(path, tls.KeyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, tls.CertificatePassword, tls.KeyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(path, tls.CertificatePassword);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // The exception's own message is not passed on: some name the failing input.
            throw new InvalidOperationException(tls.IsPem
                ? $"Cannot read the PEM certificate '{path}' with key '{tls.KeyPath}' ({TlsOptions.SectionName}:CertificatePath/KeyPath): not a PEM certificate and matching private key, or the key's password is wrong."
                : $"Cannot read the PFX certificate '{path}' ({TlsOptions.SectionName}:CertificatePath): not a PKCS#12 file, or {TlsOptions.SectionName}:CertificatePassword is wrong.");
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"The certificate '{path}' ({TlsOptions.SectionName}:CertificatePath) has no private key.");
        }
        return certificate;
    }
}
