using System.Net;

namespace OrleansIm.Gateway.Hosting;

/// <summary>Listen URLs of the hosts: gRPC (h2 or h2c) and HTTP/1.1 for health need separate Kestrel endpoints.</summary>
public static class ListenAddress
{
    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && !uri.IsDefaultPort;

    /// <summary>An http:// (cleartext h2c) or https:// (TLS) URL with host and port.</summary>
    public static bool IsGrpcUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !uri.IsDefaultPort;

    public static IPAddress Of(Uri uri) => uri.Host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" or "0.0.0.0" => IPAddress.Any,
        var host => IPAddress.Parse(host),
    };

    public static bool IsLoopback(Uri uri) => uri.Host is not ("*" or "+") && IPAddress.IsLoopback(Of(uri));
}
