using Grpc.Health.V1;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OrleansIm.Gateway.Tests.Support;

namespace OrleansIm.Gateway.Tests.Health;

/// <summary>A node is ready over gRPC health while it runs, and turns unready the moment it starts shutting down.</summary>
public sealed class DrainReadinessTests
{
    [Fact]
    public async Task A_running_node_serves_and_a_stopping_one_reports_its_drain_as_unready()
    {
        await using var node = await TestNode.StartAsync();
        using var channel = GrpcChannel.ForAddress(node.GrpcAddress);
        var health = new HealthClient(channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "" })).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "im.v1.ChatService" })).Status);

        var checks = node.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await checks.CheckHealthAsync(c => c.Name == "drain")).Status);
        node.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var draining = await checks.CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, draining.Entries["drain"].Status);
        Assert.Equal(HealthStatus.Unhealthy, draining.Status);
    }
}
