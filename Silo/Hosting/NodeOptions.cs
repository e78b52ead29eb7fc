namespace OrleansIm.Silo.Hosting;

/// <summary>Where this node listens and which cluster it belongs to; bound from "OrleansIm:Node" and validated at start-up.</summary>
public sealed class NodeOptions
{
    public const string SectionName = "OrleansIm:Node";

    /// <summary>Cleartext HTTP/2 (h2c) endpoint for gRPC clients.</summary>
    public string GrpcUrl { get; set; } = "http://127.0.0.1:5000";

    /// <summary>HTTP/1.1 endpoint for health and metrics.</summary>
    public string HttpUrl { get; set; } = "http://127.0.0.1:5001";

    /// <summary>Orleans silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port (standalone gateways connect here).</summary>
    public int OrleansGatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "orleansim";

    public string ServiceId { get; set; } = "orleansim";

    public Uri GrpcUri => new(GrpcUrl);

    public Uri HttpUri => new(HttpUrl);

    public void Validate()
    {
        var errors = new List<string>();
        if (!IsHttpUrl(GrpcUrl)) errors.Add($"GrpcUrl must be an absolute http:// URL with host and port; got '{GrpcUrl}'.");
        if (!IsHttpUrl(HttpUrl)) errors.Add($"HttpUrl must be an absolute http:// URL with host and port; got '{HttpUrl}'.");
        if (IsHttpUrl(GrpcUrl) && IsHttpUrl(HttpUrl) && GrpcUri.Port == HttpUri.Port) errors.Add("GrpcUrl and HttpUrl need different ports (HTTP/2-only and HTTP/1.1).");
        if (SiloPort is < 1 or > 65535) errors.Add("SiloPort must be in 1..65535.");
        if (OrleansGatewayPort is < 1 or > 65535) errors.Add("OrleansGatewayPort must be in 1..65535.");
        if (string.IsNullOrWhiteSpace(ClusterId)) errors.Add("ClusterId must not be empty.");
        if (string.IsNullOrWhiteSpace(ServiceId)) errors.Add("ServiceId must not be empty.");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid {SectionName} settings: {string.Join(" ", errors)}");
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && !uri.IsDefaultPort;
}
