namespace OrleansIm.Gateway.Options;

/// <summary>
/// TLS of the gRPC endpoint; bound from "OrleansIm:Tls" and checked before the host starts. An
/// https:// gRPC URL serves HTTP/2 over TLS (ALPN h2) with the certificate from PEM files
/// (<see cref="CertificatePath"/> + <see cref="KeyPath"/>) or a PFX file (<see cref="CertificatePath"/>
/// + <see cref="CertificatePassword"/>). An http:// gRPC URL is cleartext h2c, allowed only with
/// <see cref="AllowCleartextOnLoopback"/> and a loopback address.
/// </summary>
public sealed class TlsOptions
{
    public const string SectionName = "OrleansIm:Tls";
    public const string AllowCleartextKey = SectionName + ":AllowCleartextOnLoopback";

    /// <summary>The certificate: a PEM file (with <see cref="KeyPath"/>) or a PFX/PKCS#12 file (without it).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of the certificate; its presence selects PEM over PFX.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PFX password, or the password of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// How often the certificate files are looked at for a renewal (on the next TLS handshake
    /// after the interval); a renewed certificate is served to new connections without a restart.
    /// Zero looks on every handshake.
    /// </summary>
    public TimeSpan CertificateReloadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Permits an http:// (cleartext h2c) gRPC URL, and only on a loopback address.</summary>
    public bool AllowCleartextOnLoopback { get; set; }

    public bool HasCertificate => !string.IsNullOrWhiteSpace(CertificatePath);

    public bool IsPem => !string.IsNullOrWhiteSpace(KeyPath);

    // Never prints the password: options end up in logs and exception messages.
    public override string ToString() =>
        $"TlsOptions(certificate={CertificatePath ?? "-"}, key={KeyPath ?? "-"}, password={(string.IsNullOrEmpty(CertificatePassword) ? "none" : "set")}, cleartextOnLoopback={AllowCleartextOnLoopback})";
}
