using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using OrleansIm.Gateway.Tests.Support;

namespace OrleansIm.Gateway.Tests.Security;

/// <summary>
/// A renewed certificate (its files replaced, as cert-manager and a Kubernetes Secret volume do)
/// is served to new connections without a restart; a replacement that cannot be read is not.
/// </summary>
[Collection(KeysNodeCollection.Name)]
public sealed class CertificateRenewalTests : IDisposable
{
    private readonly TestCertificate _first = TestCertificate.Create();
    private readonly TestCertificate _renewed = TestCertificate.Create();

    public void Dispose()
    {
        _first.Dispose();
        _renewed.Dispose();
    }

    [Fact]
    public async Task New_connections_get_the_renewed_certificate_without_a_restart()
    {
        await using var node = await TestNode.StartAsync(settings: Settings(), tls: true);
        Assert.True(_first.Trusts(await PresentedAsync(node)));

        File.Copy(_renewed.KeyPemPath, _first.KeyPemPath, overwrite: true);
        File.Copy(_renewed.CertificatePemPath, _first.CertificatePemPath, overwrite: true);

        Assert.True(_renewed.Trusts(await PresentedAsync(node)));
    }

    [Fact]
    public async Task A_renewal_that_cannot_be_read_keeps_the_current_certificate_and_says_why()
    {
        var logs = new LogCapture();
        await using var node = await TestNode.StartAsync(settings: Settings(), configure: b => b.Logging.AddProvider(logs), tls: true);

        // The renewed certificate with the old key: a mismatch, as when a renewal is caught half written.
        File.Copy(_renewed.CertificatePemPath, _first.CertificatePemPath, overwrite: true);

        Assert.True(_first.Trusts(await PresentedAsync(node)));
        Assert.Contains("cannot be used; still serving the previous certificate", logs.Text);
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["OrleansIm:Tls:CertificatePath"] = _first.CertificatePemPath,
        ["OrleansIm:Tls:KeyPath"] = _first.KeyPemPath,
        // Look at the files on every handshake, so the test needs no clock.
        ["OrleansIm:Tls:CertificateReloadInterval"] = "00:00:00",
    };

    /// <summary>The certificate a fresh TLS connection to the gateway is shown.</summary>
    private static async Task<X509Certificate?> PresentedAsync(TestNode node)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", node.GrpcPort);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        return tls.RemoteCertificate;
    }
}
