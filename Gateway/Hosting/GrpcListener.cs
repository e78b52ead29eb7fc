using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansIm.Gateway.Options;

namespace OrleansIm.Gateway.Hosting;

/// <summary>
/// The gRPC endpoint of a gateway (co-hosted or standalone): HTTP/2 over TLS for an https:// URL,
/// where ALPN negotiates h2; cleartext h2c for an http:// URL only when
/// <c>OrleansIm:Tls:AllowCleartextOnLoopback</c> is set and the address is loopback, so a bearer
/// token never crosses a network in clear text by accident.
/// </summary>
public sealed class GrpcListener
{
    private readonly Uri _url;
    private readonly ReloadingCertificate? _certificate;

    private GrpcListener(Uri url, ReloadingCertificate? certificate)
    {
        _url = url;
        _certificate = certificate;
    }

    /// <summary>Checks the TLS rules and loads the certificate; throws naming the setting at fault.</summary>
    /// <param name="urlSetting">The configuration key of <paramref name="url"/>, for the error messages.</param>
    public static GrpcListener Create(Uri url, TlsOptions tls, string urlSetting)
    {
        if (url.Scheme == Uri.UriSchemeHttps)
        {
            if (!tls.HasCertificate)
            {
                throw new InvalidOperationException($"{urlSetting} is https:// but no certificate is configured: set {TlsOptions.SectionName}:CertificatePath (and KeyPath for PEM, or CertificatePassword for PFX).");
            }
            if (tls.CertificateReloadInterval < TimeSpan.Zero)
            {
                throw new InvalidOperationException($"{TlsOptions.SectionName}:CertificateReloadInterval must not be negative; got {tls.CertificateReloadInterval}.");
            }
            return new GrpcListener(url, new ReloadingCertificate(tls, TimeProvider.System));
        }
        if (tls.HasCertificate)
        {
            throw new InvalidOperationException($"{TlsOptions.SectionName}:CertificatePath is set but {urlSetting} '{url}' is http://: use https:// to serve TLS.");
        }
        if (!tls.AllowCleartextOnLoopback)
        {
            throw new InvalidOperationException($"{urlSetting} '{url}' is cleartext http://: use https:// with a certificate ({TlsOptions.SectionName}:CertificatePath), or set {TlsOptions.AllowCleartextKey}=true for a loopback address.");
        }
        if (!ListenAddress.IsLoopback(url))
        {
            throw new InvalidOperationException($"{urlSetting} '{url}' is cleartext http:// on a non-loopback address; {TlsOptions.AllowCleartextKey} permits cleartext only on loopback (127.0.0.1, ::1, localhost). Use https:// with a certificate.");
        }
        return new GrpcListener(url, null);
    }

    public bool IsTls => _certificate is not null;

    public void Listen(KestrelServerOptions kestrel) =>
        kestrel.Listen(ListenAddress.Of(_url), _url.Port, o =>
        {
            o.Protocols = HttpProtocols.Http2;
            if (_certificate is not null)
            {
                _certificate.Logger = kestrel.ApplicationServices.GetService<ILoggerFactory>()?.CreateLogger("OrleansIm.Gateway.Tls") ?? _certificate.Logger;
                o.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificateSelector = (_, _) => _certificate.Current });
            }
        });
}
