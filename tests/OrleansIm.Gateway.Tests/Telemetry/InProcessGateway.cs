using Microsoft.AspNetCore.Builder;
using OrleansIm.Gateway.Hosting;
using OrleansIm.Gateway.Tests.Support;

namespace OrleansIm.Gateway.Tests.Telemetry;

/// <summary>A standalone gateway (an Orleans client serving gRPC) in this process, connected to a test node's silo.</summary>
public sealed class InProcessGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessGateway(WebApplication app, int grpcPort)
    {
        _app = app;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
    }

    public Uri GrpcAddress { get; }

    /// <param name="configure">Runs on the host builder before the gateway's own wiring.</param>
    public static async Task<InProcessGateway> StartAsync(TestNode node, Action<WebApplicationBuilder>? configure = null)
    {
        var ports = FreePort.Distinct(2);
        var app = GatewayHost.Build(
        [
            "--environment=Development",
            $"--OrleansIm:GatewayHost:GrpcUrl=http://127.0.0.1:{ports[0]}",
            $"--OrleansIm:GatewayHost:HttpUrl=http://127.0.0.1:{ports[1]}",
            $"--OrleansIm:GatewayHost:SiloGatewayPort={node.OrleansGatewayPort}",
            $"--OrleansIm:Auth:SigningKey={TestNode.SigningKey}",
            "--OrleansIm:Tls:AllowCleartextOnLoopback=true",
            "--Logging:LogLevel:Default=Warning",
        ], configure);
        await app.StartAsync();
        return new InProcessGateway(app, ports[0]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
