using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansIm.Gateway.Options;

namespace OrleansIm.Gateway.Hosting;

/// <summary>
/// The gateway's TLS certificate, read again when its files change. cert-manager and Kubernetes
/// renew a certificate by replacing the files of a mounted Secret, and a gateway holds its
/// connections for days: new connections must get the renewed certificate without a restart.
/// The files are looked at on a TLS handshake, at most once per
/// <see cref="TlsOptions.CertificateReloadInterval"/>. A replacement that cannot be read (half
/// written, key not matching) keeps the current certificate, is logged, and is tried again at
/// the next look.
/// </summary>
internal sealed class ReloadingCertificate
{
    private readonly TlsOptions _tls;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private X509Certificate2 _current;
    private FileStamp _loaded;
    private FileStamp _refused;
    private long _nextLookTicks;

    public ReloadingCertificate(TlsOptions tls, TimeProvider clock)
    {
        _tls = tls;
        _clock = clock;
        _loaded = FileStamp.Of(tls);
        _current = ServerCertificate.Load(tls);
        _nextLookTicks = (clock.GetUtcNow() + tls.CertificateReloadInterval).UtcTicks;
    }

    /// <summary>Where reload outcomes are logged; set once the host's services exist.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>The certificate to present to a connection starting now.</summary>
    public X509Certificate2 Current
    {
        get
        {
            if (_clock.GetUtcNow().UtcTicks >= Volatile.Read(ref _nextLookTicks))
            {
                LookForRenewal();
            }
            return _current;
        }
    }

    private void LookForRenewal()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (now.UtcTicks < _nextLookTicks)
            {
                return;
            }
            Volatile.Write(ref _nextLookTicks, (now + _tls.CertificateReloadInterval).UtcTicks);
            var stamp = FileStamp.Of(_tls);
            if (stamp == _loaded || stamp == _refused)
            {
                return;
            }
            try
            {
                var renewed = ServerCertificate.Load(_tls);
                // The previous certificate is not disposed: a handshake that picked it a moment ago may still be using it.
                _current = renewed;
                _loaded = stamp;
                Logger.LogInformation("Serving the renewed TLS certificate from {Path} (subject {Subject}, valid until {NotAfter:u})", _tls.CertificatePath, renewed.Subject, renewed.NotAfter.ToUniversalTime());
            }
            catch (InvalidOperationException refused)
            {
                _refused = stamp;
                Logger.LogWarning("The TLS certificate files changed but cannot be used; still serving the previous certificate: {Reason}", refused.Message);
            }
        }
    }
}
