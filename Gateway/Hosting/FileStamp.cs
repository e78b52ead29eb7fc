using OrleansIm.Gateway.Options;

namespace OrleansIm.Gateway.Hosting;

/// <summary>
/// What identifies one version of the certificate files: their modification times and sizes.
/// Kubernetes swaps a Secret's files through a symlink, which the times follow to the new files.
/// </summary>
internal readonly record struct FileStamp(DateTime CertificateWritten, long CertificateLength, DateTime KeyWritten, long KeyLength)
{
    public static FileStamp Of(TlsOptions tls)
    {
        var certificate = new FileInfo(tls.CertificatePath!);
        var key = tls.IsPem ? new FileInfo(tls.KeyPath!) : null;
        return new FileStamp(
            certificate.Exists ? certificate.LastWriteTimeUtc : default, certificate.Exists ? certificate.Length : -1,
            key is { Exists: true } ? key.LastWriteTimeUtc : default, key is { Exists: true } ? key.Length : -1);
    }
}
