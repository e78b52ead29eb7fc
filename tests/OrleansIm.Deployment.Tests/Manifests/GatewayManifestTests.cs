using OrleansIm.Deployment.Tests.Rendering;
using OrleansIm.Gateway.Hosting;
using OrleansIm.Gateway.Options;

namespace OrleansIm.Deployment.Tests.Manifests;

/// <summary>The gateway Deployment configures the standalone gateway the way it must run in a pod, checked against its own options.</summary>
public sealed class GatewayManifestTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Probes_the_scrape_annotation_and_ports_match_the_gateways_endpoints(string overlay)
    {
        var gateway = await HostPod.GatewayAsync(overlay);
        var host = gateway.Configuration.Bind<GatewayHostOptions>(GatewayHostOptions.SectionName);
        host.Validate();

        gateway.AssertHealthProbesAndScrapeOn(host.HttpUri.Port);
        Assert.Equal(new[] { host.GrpcUri.Port, host.HttpUri.Port }.Order(), gateway.Workload.ContainerPorts.Order());
        Assert.Equal(host.GrpcUri.Port, gateway.Workload.ResolvePort(gateway.Container, "grpc"));
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Grpc_is_served_over_tls_with_the_certificate_of_the_mounted_tls_secret(string overlay)
    {
        var gateway = await HostPod.GatewayAsync(overlay);
        var host = gateway.Configuration.Bind<GatewayHostOptions>(GatewayHostOptions.SectionName);
        var tls = gateway.Configuration.Bind<TlsOptions>(TlsOptions.SectionName);
        var tlsMount = gateway.Workload.Mounts(gateway.Container).Single(m => m.SecretName == "orleansim-gateway-tls").MountPath;

        Assert.Equal(Uri.UriSchemeHttps, host.GrpcUri.Scheme);
        Assert.False(ListenAddress.IsLoopback(host.GrpcUri), "Clients reach the gateway at the pod IP.");
        Assert.False(tls.AllowCleartextOnLoopback);
        Assert.Equal(Path.Combine(tlsMount, "tls.crt"), tls.CertificatePath);
        Assert.Equal(Path.Combine(tlsMount, "tls.key"), tls.KeyPath);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task The_gateway_trusts_token_keys_from_a_secret(string overlay)
    {
        var gateway = await HostPod.GatewayAsync(overlay);
        var jwt = gateway.Configuration.Bind<JwtOptions>(JwtOptions.SectionName);
        var development = gateway.Environment["ASPNETCORE_ENVIRONMENT"] == "Development";
        jwt.Validate(development);

        Assert.Equal(overlay == Overlays.Dev, development);
        if (overlay == Overlays.Production)
        {
            var mount = gateway.Workload.Mounts(gateway.Container).Single(m => m.SecretName == "orleansim-auth").MountPath;
            Assert.Equal(Path.Combine(mount, "jwks.json"), jwt.JwksPath);
            Assert.Equal("", jwt.SigningKey);
        }
        else
        {
            Assert.NotNull(ContainerEnvironment.Entry(gateway.Container, "OrleansIm__Auth__SigningKey").At("valueFrom", "secretKeyRef"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task The_termination_grace_period_outlasts_the_prestop_wait_and_the_drain(string overlay)
    {
        var gateway = await HostPod.GatewayAsync(overlay);
        // The drain timeout is the gateway host's shutdown timeout: GoAway to every stream, then in-flight calls finish.
        var drain = gateway.Configuration.Bind<GatewayOptions>(GatewayOptions.SectionName).DrainTimeout;
        var grace = TimeSpan.FromSeconds(gateway.Workload.PodSpec.Number("terminationGracePeriodSeconds") ?? 30);
        var preStop = TimeSpan.FromSeconds(gateway.Container.Number("lifecycle", "preStop", "sleep", "seconds") ?? 0);

        Assert.True(preStop > TimeSpan.Zero, "A preStop wait lets endpoint removal reach the load balancers before the drain.");
        Assert.True(grace >= preStop + drain + TimeSpan.FromSeconds(10),
            $"terminationGracePeriodSeconds {grace.TotalSeconds} must exceed preStop {preStop.TotalSeconds} s + DrainTimeout {drain.TotalSeconds} s by at least 10 s.");
    }
}
