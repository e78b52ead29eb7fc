using Grpc.Core;

namespace OrleansIm.Cli.Commands;

/// <summary>A connection the TLS handshake ended because it did not trust the server's certificate, and what to tell the user.</summary>
internal static class CertificateRefusal
{
    public const string Hint =
        "the server's TLS certificate was refused: if it is self-signed or from a private CA, pass --ca-cert with the PEM file of it or of its CA; " +
        "its names must include the --server host";

    /// <summary>Whether the handshake refused the certificate, anywhere under <paramref name="failure"/>.</summary>
    public static bool IsIn(Exception? failure)
    {
        for (var inner = failure; inner is not null; inner = inner is RpcException rpc ? rpc.Status.DebugException ?? rpc.InnerException : inner.InnerException)
        {
            if (inner is System.Security.Authentication.AuthenticationException)
            {
                return true;
            }
        }
        return false;
    }
}
