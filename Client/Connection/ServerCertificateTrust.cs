using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;

namespace OrleansIm.Client.Connection;

/// <summary>
/// Trust for a gateway whose certificate the operating system does not know: one signed by a
/// private CA, or a self-signed one (the Kubernetes dev overlay's). For
/// <see cref="ImClientOptions.ServerCertificateValidation"/> and the development login.
/// </summary>
public static class ServerCertificateTrust
{
    /// <summary>
    /// Accepts what the system's trust store accepts, and also a certificate whose chain ends at
    /// one of the PEM certificates in <paramref name="path"/> (a CA, or the self-signed gateway
    /// certificate itself). The name must still match the server's address: a trusted
    /// certificate presented by another host is refused.
    /// </summary>
    /// <exception cref="InvalidDataException">The file holds no PEM certificate.</exception>
    public static RemoteCertificateValidationCallback FromPemFile(string path)
    {
        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPemFile(path);
        if (trusted.Count == 0)
        {
            throw new InvalidDataException($"'{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
        return (_, presented, chain, errors) => Trusts(trusted, presented, chain, errors);
    }

    /// <summary>
    /// The TLS handshake's refusal of the server's certificate anywhere under a failed call or
    /// connect (gRPC reports it only as "Error connecting to subchannel." or "Error starting
    /// gRPC call."); null when the failure was something else.
    /// </summary>
    public static AuthenticationException? FindRefusal(Exception? failure)
    {
        for (var inner = failure; inner is not null; inner = inner is RpcException rpc ? rpc.Status.DebugException ?? rpc.InnerException : inner.InnerException)
        {
            if (inner is AuthenticationException refused)
            {
                return refused;
            }
        }
        return null;
    }

    private static bool Trusts(X509Certificate2Collection trusted, X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        // Only an unknown root is forgiven; a missing certificate or a name mismatch never is.
        if (presented is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }
        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
        // A private CA rarely publishes revocation lists a client could reach.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            // The intermediates the server sent along.
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return custom.Build(leaf);
    }
}
