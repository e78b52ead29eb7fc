using System.Net;

namespace OrleansIm.Gateway.Hosting;

/// <summary>Listen URLs of the hosts: h2c for gRPC and HTTP/1.1 for health need separate Kestrel endpoints.</summary>
public static class ListenAddress
{
    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && !uri.IsDefaultPort;

    public static IPAddress Of(Uri uri) => uri.Host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" or "0.0.0.0" => IPAddress.Any,
        var host => IPAddress.Parse(host),
    };
}
