using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansIm.Client;
using OrleansIm.Client.Events;
using OrleansIm.EndToEnd.Tests.Support;
using OrleansIm.ProcessHost;

namespace OrleansIm.EndToEnd.Tests.Security;

/// <summary>The standalone gateway, run as a user runs it, serves TLS from PEM files (the SDK and the CLI reach it) and refuses cleartext off loopback.</summary>
public sealed class StandaloneGatewayTlsTests : IAsyncLifetime
{
    private readonly NodeProcess _node = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("orleansim-e2e-tls-").FullName;
    private X509Certificate2 _certificate = null!;

    public async Task InitializeAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=orleansim-e2e", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_directory, "tls.crt"), _certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_directory, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        await _node.StartAsync();
    }

    private async Task<GatewayProcess> StartTlsGatewayAsync()
    {
        var gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["OrleansIm:GatewayHost:SiloGatewayPort"] = _node.OrleansGatewayPort.ToString(),
            ["OrleansIm:Tls:CertificatePath"] = Path.Combine(_directory, "tls.crt"),
            ["OrleansIm:Tls:KeyPath"] = Path.Combine(_directory, "tls.key"),
        }, tls: true);
        try
        {
            await gateway.StartAsync();
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
        return gateway;
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_sdk_reaches_the_cluster_through_a_standalone_gateway_over_tls()
    {
        await using var gateway = await StartTlsGatewayAsync();
        var userId = Clients.Unique("tls");
        await using var client = new ImClient(new ImClientOptions
        {
            Endpoints = [gateway.GrpcAddress],
            TokenProvider = new DevTokenProvider(_node.GrpcAddress, userId).GetTokenAsync,
            DeviceId = "laptop",
            ServerCertificateValidation = (_, presented, _, _) => presented?.GetCertHashString() == _certificate.GetCertHashString(),
        });

        await client.StartAsync();
        var peer = Clients.Unique("peer");
        var direct = await client.OpenDirectAsync(peer);

        Assert.Contains(direct.Members, m => m.UserId == peer);
    }

    [Fact]
    public async Task The_cli_trusts_the_self_signed_gateway_given_its_certificate_and_says_what_to_pass_without_it()
    {
        await using var gateway = await StartTlsGatewayAsync();
        var server = gateway.GrpcAddress.ToString();
        var alice = Clients.Unique("alice");
        var bob = Clients.Unique("bob");

        var untrusted = await CliProcess.RunAsync("send", "--user", alice, "--to", bob, "--text", "hello", "--server", server);
        var trusted = await CliProcess.RunAsync("send", "--user", alice, "--to", bob, "--text", "hello", "--server", server,
            "--ca-cert", Path.Combine(_directory, "tls.crt"));
        var notACertificate = await CliProcess.RunAsync("send", "--user", alice, "--to", bob, "--text", "hello", "--server", server,
            "--ca-cert", Path.Combine(_directory, "tls.key"));
        // The certificate names 127.0.0.1 only: trusting it does not make it good for another name.
        var otherName = await CliProcess.RunAsync("send", "--user", alice, "--to", bob, "--text", "hello", "--server", $"https://localhost:{gateway.GrpcPort}",
            "--ca-cert", Path.Combine(_directory, "tls.crt"));

        Assert.NotEqual(0, untrusted.ExitCode);
        Assert.Contains("--ca-cert", untrusted.Error);
        Assert.True(trusted.ExitCode == 0, $"exit {trusted.ExitCode}: {trusted.Error}");
        Assert.StartsWith("sent ", trusted.Output);
        Assert.NotEqual(0, notACertificate.ExitCode);
        Assert.Contains("--ca-cert must be a readable PEM certificate file", notACertificate.Error);
        Assert.NotEqual(0, otherName.ExitCode);
        Assert.Contains("its names must include the --server host", otherName.Error);
    }

    [Fact]
    public async Task An_sdk_client_that_does_not_trust_the_certificate_is_told_so_and_keeps_trying()
    {
        await using var gateway = await StartTlsGatewayAsync();
        await using var client = new ImClient(new ImClientOptions
        {
            Endpoints = [gateway.GrpcAddress],
            TokenProvider = ImClientOptions.FixedToken("never-sent"),
            DeviceId = "laptop",
        });
        await using var events = new EventRecorder(client);
        using var giveUp = new CancellationTokenSource();
        var starting = client.StartAsync(giveUp.Token);

        await events.WaitUntilAsync(r => r.Events.OfType<ConnectionStateChanged>().Any(c => c.State == ConnectionState.Disconnected), "a failed connect");
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => starting);

        var failed = events.Events.OfType<ConnectionStateChanged>().First(c => c.State == ConnectionState.Disconnected);
        Assert.StartsWith("The server's TLS certificate was refused: ", failed.Reason);
        Assert.True(failed.WillRetry);
        Assert.NotNull(failed.Cause);
    }

    [Fact]
    public async Task A_standalone_gateway_asked_for_cleartext_on_every_interface_does_not_start()
    {
        await using var gateway = new GatewayProcess(new Dictionary<string, string>
        {
            ["OrleansIm:GatewayHost:SiloGatewayPort"] = _node.OrleansGatewayPort.ToString(),
            ["OrleansIm:GatewayHost:GrpcUrl"] = "http://0.0.0.0:5999",
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(gateway.StartAsync);

        Assert.Contains("OrleansIm:GatewayHost:GrpcUrl 'http://0.0.0.0:5999/' is cleartext http:// on a non-loopback address", failure.Message);
    }
}
