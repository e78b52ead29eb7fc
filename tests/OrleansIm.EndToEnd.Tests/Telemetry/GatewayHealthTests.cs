using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using OrleansIm.ProcessHost;

namespace OrleansIm.EndToEnd.Tests.Telemetry;

/// <summary>
/// Readiness of a standalone gateway, as probes see it: over gRPC health (the whole server and
/// each im.v1 service) and over HTTP /readyz, first with no silo to reach, then with one.
/// </summary>
public sealed class GatewayHealthTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly NodeProcess _node = new();
    private GatewayProcess _gateway = null!;
    private int _siloGatewayPort;

    public Task InitializeAsync()
    {
        _siloGatewayPort = _node.OrleansGatewayPort;
        _gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["OrleansIm:GatewayHost:SiloGatewayPort"] = _siloGatewayPort.ToString(),
            ["OrleansIm:GatewayHost:ConnectRetryDelay"] = "00:00:00.200",
            ["OrleansIm:Health:WatchPeriod"] = "00:00:01",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task A_gateway_without_a_silo_is_live_but_not_serving_and_serves_once_a_silo_is_up()
    {
        await _gateway.StartLiveAsync();
        using var channel = GrpcChannel.ForAddress(_gateway.GrpcAddress);
        var health = new Health.HealthClient(channel);
        using var http = new HttpClient { BaseAddress = _gateway.HttpAddress };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = "" })).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = "im.v1.ChatService" })).Status);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        using var watch = health.Watch(new HealthCheckRequest { Service = "" }, deadline: DateTime.UtcNow + Timeout);
        await _node.StartAsync();
        // Only if a port was taken by another process meanwhile does the node move; the gateway would then look in vain.
        Assert.Equal(_siloGatewayPort, _node.OrleansGatewayPort);

        // Watch pushes each change of the published status; wait for SERVING.
        while (await watch.ResponseStream.MoveNext())
        {
            if (watch.ResponseStream.Current.Status == HealthCheckResponse.Types.ServingStatus.Serving)
            {
                break;
            }
        }
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, watch.ResponseStream.Current.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "" })).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "im.v1.RoomService" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        // The standalone gateway is scraped too, on the same HTTP/1.1 port as its probes.
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("\norleansim_gateway_connections", metrics);
        Assert.Contains("\norleansim_gateway_sends_total{", metrics);
    }
}
