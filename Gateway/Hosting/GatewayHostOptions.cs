namespace OrleansIm.Gateway.Hosting;

/// <summary>Where a standalone gateway listens and how it reaches a single local silo; bound from "OrleansIm:GatewayHost" and validated at start-up.</summary>
public sealed class GatewayHostOptions
{
    public const string SectionName = "OrleansIm:GatewayHost";

    /// <summary>gRPC endpoint: https:// for HTTP/2 over TLS, http:// for cleartext h2c (loopback only, see OrleansIm:Tls).</summary>
    public string GrpcUrl { get; set; } = "http://127.0.0.1:5100";

    /// <summary>HTTP/1.1 endpoint for /healthz and /readyz.</summary>
    public string HttpUrl { get; set; } = "http://127.0.0.1:5101";

    /// <summary>With Localhost membership (one SQLite node): that silo's Orleans gateway port.</summary>
    public int SiloGatewayPort { get; set; } = 30000;

    /// <summary>How long to wait between attempts while no silo accepts the connection (the gateway keeps trying).</summary>
    public TimeSpan ConnectRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public Uri GrpcUri => new(GrpcUrl);

    public Uri HttpUri => new(HttpUrl);

    public void Validate()
    {
        var errors = new List<string>();
        if (!ListenAddress.IsGrpcUrl(GrpcUrl)) errors.Add($"GrpcUrl must be an absolute https:// or http:// URL with host and port; got '{GrpcUrl}'.");
        if (!ListenAddress.IsHttpUrl(HttpUrl)) errors.Add($"HttpUrl must be an absolute http:// URL with host and port; got '{HttpUrl}'.");
        if (ListenAddress.IsGrpcUrl(GrpcUrl) && ListenAddress.IsHttpUrl(HttpUrl) && GrpcUri.Port == HttpUri.Port) errors.Add("GrpcUrl and HttpUrl need different ports (HTTP/2-only and HTTP/1.1).");
        if (SiloGatewayPort is < 1 or > 65535) errors.Add("SiloGatewayPort must be in 1..65535.");
        if (ConnectRetryDelay <= TimeSpan.Zero) errors.Add("ConnectRetryDelay must be positive.");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid {SectionName} settings: {string.Join(" ", errors)}");
        }
    }
}
