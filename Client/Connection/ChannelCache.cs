using System.Collections.Concurrent;
using Grpc.Net.Client;

namespace OrleansIm.Client.Connection;

/// <summary>
/// One <see cref="GrpcChannel"/> per endpoint, made on first use and shared by the stream and
/// the unary calls (HTTP/2 multiplexes them over the same connection).
/// </summary>
internal sealed class ChannelCache(ImClientOptions options) : IDisposable
{
    private readonly ConcurrentDictionary<Uri, Lazy<GrpcChannel>> _channels = new();

    public GrpcChannel Get(Uri endpoint) =>
        _channels.GetOrAdd(endpoint, uri => new Lazy<GrpcChannel>(() => Create(uri, options))).Value;

    /// <summary>Disposes the channels the SDK made; channels from <see cref="ImClientOptions.ChannelFactory"/> belong to the app (it may share them between clients).</summary>
    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            if (channel.IsValueCreated && options.ChannelFactory is null)
            {
                channel.Value.Dispose();
            }
        }

        _channels.Clear();
    }

    /// <summary>A channel as the SDK makes it when the app supplies no factory.</summary>
    public static GrpcChannel Create(Uri endpoint, ImClientOptions options)
    {
        if (options.ChannelFactory is { } factory)
        {
            return factory(endpoint);
        }

        var handler = new SocketsHttpHandler
        {
            // HTTP/2 PINGs find a dead TCP connection (NAT timeout, pulled cable) while the
            // stream itself is idle, long before the server's idle timeout would.
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            // A long-lived stream must not pin every unary call to one connection's stream limit.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (options.ServerCertificateValidation is { } validation)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validation;
        }

        // Grpc.Net.Client asks for HTTP/2 exactly: over https:// TLS with ALPN h2, over http://
        // cleartext h2c with prior knowledge (what the gateway's loopback-only h2c endpoint expects).
        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // The channel's own reconnect backoff (120 s at most by default) would keep unary
            // calls failing long after the server is back; match the stream's backoff instead.
            InitialReconnectBackoff = options.ReconnectInitialDelay,
            MaxReconnectBackoff = options.ReconnectMaxDelay,
        });
    }
}
