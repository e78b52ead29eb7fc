using OrleansIm.Gateway.Hosting;

namespace OrleansIm.Silo.Hosting;

/// <summary>Where this silo listens and what it hosts; bound from "OrleansIm:Node" and validated at start-up. The cluster's ids are in "OrleansIm:Cluster".</summary>
public sealed class NodeOptions
{
    public const string SectionName = "OrleansIm:Node";

    /// <summary>gRPC endpoint when the gateway is co-hosted: https:// for TLS, http:// for cleartext h2c (loopback only, see OrleansIm:Tls).</summary>
    public string GrpcUrl { get; set; } = "http://127.0.0.1:5000";

    /// <summary>HTTP/1.1 endpoint for health and metrics.</summary>
    public string HttpUrl { get; set; } = "http://127.0.0.1:5001";

    /// <summary>Serve the gRPC API from this process too. Off for silos behind standalone gateways.</summary>
    public bool HostGateway { get; set; } = true;

    /// <summary>Orleans silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port (standalone gateways connect here).</summary>
    public int OrleansGatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and gateways reach this silo at (the pod IP on Kubernetes). Used with Postgres membership.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Bind the Orleans ports on every interface instead of only the advertised address (containers).</summary>
    public bool ListenOnAnyAddress { get; set; }

    public Uri GrpcUri => new(GrpcUrl);

    public Uri HttpUri => new(HttpUrl);

    public void Validate()
    {
        var errors = new List<string>();
        if (HostGateway && !ListenAddress.IsGrpcUrl(GrpcUrl)) errors.Add($"GrpcUrl must be an absolute https:// or http:// URL with host and port; got '{GrpcUrl}'.");
        if (!ListenAddress.IsHttpUrl(HttpUrl)) errors.Add($"HttpUrl must be an absolute http:// URL with host and port; got '{HttpUrl}'.");
        if (HostGateway && ListenAddress.IsGrpcUrl(GrpcUrl) && ListenAddress.IsHttpUrl(HttpUrl) && GrpcUri.Port == HttpUri.Port) errors.Add("GrpcUrl and HttpUrl need different ports (HTTP/2-only and HTTP/1.1).");
        if (SiloPort is < 1 or > 65535) errors.Add("SiloPort must be in 1..65535.");
        if (OrleansGatewayPort is < 1 or > 65535) errors.Add("OrleansGatewayPort must be in 1..65535.");
        if (SiloPort == OrleansGatewayPort) errors.Add("SiloPort and OrleansGatewayPort must differ.");
        if (!System.Net.IPAddress.TryParse(AdvertisedAddress, out _)) errors.Add($"AdvertisedAddress must be an IP address; got '{AdvertisedAddress}'.");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid {SectionName} settings: {string.Join(" ", errors)}");
        }
    }
}
