using OrleansIm.Client.Connection;

namespace OrleansIm.Cli.Commands;

/// <summary>A connection the TLS handshake ended because it did not trust the server's certificate, and what to tell the user.</summary>
internal static class CertificateRefusal
{
    public const string Hint =
        "the server's TLS certificate was refused: if it is self-signed or from a private CA, pass --ca-cert with the PEM file of it or of its CA; " +
        "its names must include the --server host";

    public static bool IsIn(Exception? failure) => ServerCertificateTrust.FindRefusal(failure) is not null;
}
