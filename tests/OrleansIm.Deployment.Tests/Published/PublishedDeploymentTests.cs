using Npgsql;
using OrleansIm.Client;
using OrleansIm.Deployment.Tests.Manifests;
using OrleansIm.Deployment.Tests.Rendering;
using OrleansIm.Gateway.Hosting;
using OrleansIm.Gateway.Options;
using OrleansIm.Silo.Hosting;

namespace OrleansIm.Deployment.Tests.Published;

/// <summary>
/// The published silo and gateway, started as the production overlay's pods start them, become
/// ready and serve clients. It takes a minute or two: both projects are published in Release first.
/// </summary>
public sealed class PublishedDeploymentTests(PublishedDeployment deployment) : IClassFixture<PublishedDeployment>
{
    [Fact]
    public async Task The_silo_becomes_ready_after_the_init_container_migrated_and_joins_the_cluster_at_its_pod_ip()
    {
        var node = deployment.Silo.Configuration.Bind<NodeOptions>(NodeOptions.SectionName);
        var cluster = ClusterMembership.Read(deployment.Silo.Configuration);

        Assert.Contains("Schema migrations applied.", deployment.Migration.Output);
        await AssertAnswers200Async(PublishedDeployment.ProbeUrl(deployment.Silo, "readinessProbe"));
        await AssertAnswers200Async(PublishedDeployment.ProbeUrl(deployment.Silo, "livenessProbe"));

        await using var connection = new NpgsqlConnection(deployment.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT address, port, proxy_port FROM orleans_membership WHERE deployment_id = @cluster AND status = 3", connection);
        query.Parameters.AddWithValue("cluster", cluster.ClusterId);
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "No active silo in the membership table.");
        Assert.Equal((PublishedDeployment.PodIp, node.SiloPort, node.OrleansGatewayPort), (reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task The_gateway_becomes_ready_and_serves_grpc_over_tls_to_tokens_of_the_issuer_in_the_jwks_secret()
    {
        var host = deployment.Gateway.Configuration.Bind<GatewayHostOptions>(GatewayHostOptions.SectionName);
        var jwt = deployment.Gateway.Configuration.Bind<JwtOptions>(JwtOptions.SectionName);
        await AssertAnswers200Async(PublishedDeployment.ProbeUrl(deployment.Gateway, "readinessProbe"));

        var alice = "alice-" + Guid.NewGuid().ToString("N")[..8];
        var bob = "bob-" + Guid.NewGuid().ToString("N")[..8];
        var endpoint = new Uri($"https://{PublishedDeployment.PodIp}:{host.GrpcUri.Port}");
        await using var aliceClient = Client(endpoint, deployment.Secrets.Token(alice, jwt.Issuer, jwt.Audience));
        await using var bobClient = Client(endpoint, deployment.Secrets.Token(bob, jwt.Issuer, jwt.Audience));
        await aliceClient.StartAsync();
        var conversation = await aliceClient.OpenDirectAsync(bob);
        var ack = await aliceClient.SendTextAsync(conversation.Id, "hello from a published pod");
        var history = await bobClient.GetHistoryAsync(conversation.Id);

        Assert.Equal(1, ack.Seq);
        Assert.Contains(history.Messages, m => m.Seq == ack.Seq && m.Body.Text.Text == "hello from a published pod");
    }

    private ImClient Client(Uri endpoint, string token) => new(new ImClientOptions
    {
        Endpoints = [endpoint],
        TokenProvider = ImClientOptions.FixedToken(token),
        DeviceId = "phone",
        ServerCertificateValidation = (_, certificate, _, _) => deployment.Secrets.IsGatewayCertificate(certificate),
    });

    private static async Task AssertAnswers200Async(Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
