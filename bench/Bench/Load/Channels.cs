using Grpc.Net.Client;

namespace OrleansIm.Bench.Load;

/// <summary>The channels the load generator shares between clients: h2c, several streams per connection.</summary>
public static class Channels
{
    public static GrpcChannel Create(Uri endpoint) => GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            // Each channel is one connection as long as its streams fit the server's limit;
            // more streams open more connections rather than queue.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        },
        DisposeHttpClient = true,
        MaxReceiveMessageSize = 4 * 1024 * 1024,
    });
}
