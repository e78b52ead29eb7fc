namespace OrleansIm.Client;

/// <summary>
/// A token provider for development nodes: logs in with DevLogin on first use and again shortly
/// before the token expires, so a long-running client reconnects with a valid token.
/// </summary>
/// <param name="serverCertificateValidation">For an https:// endpoint whose certificate the system does not trust (see <see cref="Connection.ServerCertificateTrust"/>).</param>
public sealed class DevTokenProvider(Uri endpoint, string userId, TimeProvider? timeProvider = null, System.Net.Security.RemoteCertificateValidationCallback? serverCertificateValidation = null)
{
    private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is null || _time.GetUtcNow() >= _renewAt)
            {
                var login = await ImClient.DevLoginAsync(endpoint, userId, serverCertificateValidation, cancellationToken).ConfigureAwait(false);
                _token = login.AccessToken;
                _renewAt = DateTimeOffset.FromUnixTimeMilliseconds(login.ExpiresAtMs) - RenewBeforeExpiry;
            }

            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
