using System.Net.Security;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansIm.Client;
using OrleansIm.Gateway.Auth;
using OrleansIm.Gateway.Hosting;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.Security;

/// <summary>gRPC over TLS with a configured certificate, and cleartext only where it is explicitly allowed on loopback.</summary>
// In the keys-node collection only to run one at a time: each starts nodes of its own, and
// starting many at once starves the timing-sensitive room tests running beside them.
[Collection(KeysNodeCollection.Name)]
public sealed class TlsTests : IDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();

    public void Dispose() => _certificate.Dispose();

    [Fact]
    public async Task A_pem_certificate_serves_http2_over_tls_negotiated_by_alpn()
    {
        await using var node = await TestNode.StartAsync(settings: PemSettings(), tls: true);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", node.GrpcPort);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, presented, _, _) => _certificate.Trusts(presented),
        });

        Assert.Equal(SslApplicationProtocol.Http2, tls.NegotiatedApplicationProtocol);
        Assert.True(_certificate.Trusts(tls.RemoteCertificate));
    }

    [Fact]
    public async Task The_sdk_connects_over_https_to_a_gateway_whose_certificate_it_trusts()
    {
        await using var node = await TestNode.StartAsync(settings: PemSettings(), tls: true);
        var (token, _) = node.Services.GetRequiredService<TokenIssuer>().Issue(NodeFixture.Unique("tls"));
        await using var client = new ImClient(new ImClientOptions
        {
            Endpoints = [node.GrpcAddress],
            TokenProvider = ImClientOptions.FixedToken(token),
            DeviceId = "laptop",
            ServerCertificateValidation = (_, presented, _, _) => _certificate.Trusts(presented),
        });

        await client.StartAsync();
        var conversations = await client.ListConversationsAsync();

        Assert.Empty(conversations.Conversations);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_cannot_call()
    {
        await using var node = await TestNode.StartAsync(settings: PemSettings(), tls: true);
        using var channel = GrpcChannel.ForAddress(node.GrpcAddress);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await new ChatService.ChatServiceClient(channel).ListConversationsAsync(new ListConversationsRequest()));

        Assert.Contains(error.StatusCode, new[] { StatusCode.Internal, StatusCode.Unavailable });
        Assert.Contains("The SSL connection could not be established", error.Status.Detail);
    }

    [Fact]
    public async Task A_pfx_certificate_serves_tls_and_no_token_key_or_password_reaches_the_logs()
    {
        var logs = new LogCapture();
        var settings = new Dictionary<string, string>
        {
            ["OrleansIm:Tls:CertificatePath"] = _certificate.PfxPath,
            ["OrleansIm:Tls:CertificatePassword"] = TestCertificate.PfxPassword,
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Orleans"] = "Information",
            // "Orleans" is a prefix of "OrleansIm": without its own rule the gateway's logs follow Orleans'.
            ["Logging:LogLevel:OrleansIm"] = "Debug",
        };
        await using var node = await TestNode.StartAsync(settings: settings, configure: b => b.Logging.AddProvider(logs), tls: true);
        var (token, _) = node.Services.GetRequiredService<TokenIssuer>().Issue(NodeFixture.Unique("pfx"));
        var forged = TestTokens.Create(TestTokens.Hs256("forged-secret-0123456789-0123456789-x"), "mallory");
        using var channel = GrpcChannel.ForAddress(node.GrpcAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => _certificate.Trusts(presented) } },
        });

        await Client(channel, token).ListConversationsAsync(new ListConversationsRequest());
        await Client(channel, token).ListConversationsAsync(new ListConversationsRequest());
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await Client(channel, forged).ListConversationsAsync(new ListConversationsRequest()));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        var devLogin = await new AuthService.AuthServiceClient(channel).DevLoginAsync(new DevLoginRequest { UserId = NodeFixture.Unique("dev") });

        var text = logs.Text;
        Assert.Contains("Refused /im.v1.ChatService/ListConversations", text);
        foreach (var secret in new[] { token, forged, devLogin.AccessToken, TestNode.SigningKey, TestCertificate.PfxPassword })
        {
            Assert.DoesNotContain(secret, text);
            // The signature alone (the part that makes a token usable) must not leak either.
            Assert.DoesNotContain(secret.Split('.').Last(), text);
        }
    }

    [Fact]
    public async Task A_wrong_pfx_password_fails_start_up_without_echoing_it()
    {
        const string Wrong = "wrong-password-0a9b8c7d";
        var failure = await TestNode.FailToStartAsync(new Dictionary<string, string>
        {
            ["OrleansIm:Node:GrpcUrl"] = "https://127.0.0.1:5999",
            ["OrleansIm:Tls:CertificatePath"] = _certificate.PfxPath,
            ["OrleansIm:Tls:CertificatePassword"] = Wrong,
        });

        Assert.NotNull(failure);
        Assert.Contains("OrleansIm:Tls:CertificatePassword is wrong", failure.Message);
        Assert.DoesNotContain(Wrong, failure.ToString());
    }

    [Fact]
    public async Task Https_without_a_certificate_fails_start_up()
    {
        var failure = await TestNode.FailToStartAsync(new Dictionary<string, string> { ["OrleansIm:Node:GrpcUrl"] = "https://127.0.0.1:5999" });
        Assert.NotNull(failure);
        Assert.Contains("OrleansIm:Node:GrpcUrl is https:// but no certificate is configured", failure.Message);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5999")]
    [InlineData("http://10.1.2.3:5999")]
    public async Task Cleartext_on_a_non_loopback_address_fails_start_up_even_when_allowed(string url)
    {
        var failure = await TestNode.FailToStartAsync(new Dictionary<string, string>
        {
            ["OrleansIm:Node:GrpcUrl"] = url,
            ["OrleansIm:Tls:AllowCleartextOnLoopback"] = "true",
        });

        Assert.NotNull(failure);
        Assert.Contains("non-loopback address", failure.Message);
        Assert.Contains("OrleansIm:Tls:AllowCleartextOnLoopback", failure.Message);
    }

    [Fact]
    public async Task Cleartext_on_loopback_fails_start_up_unless_explicitly_allowed()
    {
        var failure = await TestNode.FailToStartAsync(new Dictionary<string, string> { ["OrleansIm:Tls:AllowCleartextOnLoopback"] = "false" });
        Assert.NotNull(failure);
        Assert.Contains("is cleartext http://", failure.Message);
        Assert.Contains("OrleansIm:Tls:AllowCleartextOnLoopback=true", failure.Message);
    }

    [Fact]
    public void The_standalone_gateway_refuses_cleartext_on_a_non_loopback_address()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => GatewayHost.Build(
        [
            "--OrleansIm:GatewayHost:GrpcUrl=http://0.0.0.0:5998",
            "--OrleansIm:Tls:AllowCleartextOnLoopback=true",
            $"--OrleansIm:Auth:SigningKey={TestNode.SigningKey}",
        ]));
        Assert.Contains("OrleansIm:GatewayHost:GrpcUrl", failure.Message);
        Assert.Contains("non-loopback address", failure.Message);
    }

    [Fact]
    public void The_standalone_gateway_refuses_cleartext_unless_explicitly_allowed()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => GatewayHost.Build(
        [
            "--OrleansIm:GatewayHost:GrpcUrl=http://127.0.0.1:5998",
            "--OrleansIm:Tls:AllowCleartextOnLoopback=false",
            $"--OrleansIm:Auth:SigningKey={TestNode.SigningKey}",
        ]));
        Assert.Contains("OrleansIm:Tls:AllowCleartextOnLoopback=true", failure.Message);
    }

    private Dictionary<string, string> PemSettings() => new()
    {
        ["OrleansIm:Tls:CertificatePath"] = _certificate.CertificatePemPath,
        ["OrleansIm:Tls:KeyPath"] = _certificate.KeyPemPath,
    };

    private static ChatService.ChatServiceClient Client(GrpcChannel channel, string token) =>
        new(channel.Intercept(m => { m.Add("authorization", $"Bearer {token}"); return m; }));
}
