using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansIm.Gateway.Auth;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.Security;

/// <summary>
/// A node that trusts every kind of key at once: the legacy SigningKey, a second HS256 secret, an
/// RS256 public key from a PEM file, an ES256 public key from PEM in configuration and a JWKS
/// file. It records what grains would see (<see cref="CallerProbe"/>) and every log line.
/// </summary>
public sealed class KeysNodeFixture : IAsyncLifetime
{
    public const string SecondSecret = "second-hs256-secret-0123456789-0123456789";

    private readonly string _directory = Directory.CreateTempSubdirectory("orleansim-keys-").FullName;
    private GrpcChannel _channel = null!;

    public TestKeyPair Rsa { get; } = TestKeyPair.Rsa("rsa-1");

    public TestKeyPair Ec { get; } = TestKeyPair.Ec("ec-1");

    public TestKeyPair JwksA { get; } = TestKeyPair.Rsa("jwks-a");

    public TestKeyPair JwksB { get; } = TestKeyPair.Ec("jwks-b");

    public string JwksPath => Path.Combine(_directory, "keys.jwks");

    public CallerProbe Probe { get; } = new();

    public LogCapture Logs { get; } = new();

    public TestNode Node { get; private set; } = null!;

    public TrustedKeys TrustedKeys => Node.Services.GetRequiredService<TrustedKeys>();

    public BearerTokenValidator Validator => Node.Services.GetRequiredService<BearerTokenValidator>();

    public async Task InitializeAsync()
    {
        var rsaPath = Path.Combine(_directory, "rsa-1.pem");
        File.WriteAllText(rsaPath, Rsa.PublicKeyPem);
        TestKeyPair.WriteJwks(JwksPath, JwksA, JwksB);
        Node = await TestNode.StartAsync(
            settings: new Dictionary<string, string>
            {
                ["OrleansIm:Auth:SigningKeys:0:KeyId"] = "hs-2",
                ["OrleansIm:Auth:SigningKeys:0:Secret"] = SecondSecret,
                ["OrleansIm:Auth:SigningKeys:1:KeyId"] = Rsa.KeyId,
                ["OrleansIm:Auth:SigningKeys:1:PublicKeyPath"] = rsaPath,
                ["OrleansIm:Auth:SigningKeys:2:KeyId"] = Ec.KeyId,
                ["OrleansIm:Auth:SigningKeys:2:PublicKeyPem"] = Ec.PublicKeyPem,
                ["OrleansIm:Auth:JwksPath"] = JwksPath,
                ["OrleansIm:Auth:JwksRefreshInterval"] = "00:00:02",
                ["Logging:LogLevel:OrleansIm"] = "Debug",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            },
            configure: builder =>
            {
                builder.Logging.AddProvider(Logs);
                builder.Services.AddSingleton(Probe);
                // After the gateway's own interceptors, so it sees what the handler sees.
                builder.Services.PostConfigure<GrpcServiceOptions>(o => o.Interceptors.Add<CallerProbe>());
            });
        _ = TrustedKeys;
        _channel = GrpcChannel.ForAddress(Node.GrpcAddress);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await Node.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A client whose calls carry this authorization header (none when null) and a probe mark.</summary>
    public ChatService.ChatServiceClient Client(string? authorization, string? probe = null) =>
        new(_channel.Intercept(m =>
        {
            if (authorization is not null) m.Add("authorization", authorization);
            if (probe is not null) m.Add(CallerProbe.Header, probe);
            return m;
        }));

    public Task<ListConversationsResponse> CallAsync(string token, string? probe = null) =>
        Client($"Bearer {token}", probe).ListConversationsAsync(new ListConversationsRequest()).ResponseAsync;

    /// <summary>The status of a call with this token, which the test expects to be refused.</summary>
    public async Task<Status> RefusedAsync(string token) =>
        (await Assert.ThrowsAsync<RpcException>(() => CallAsync(token))).Status;

    /// <summary>Makes a change to the JWKS file and waits (with a timeout) until the gateway has read it.</summary>
    public Task<KeysReloaded> ChangeJwksAsync(Action change, Func<KeysReloaded, bool> until) => JwksChange.ApplyAsync(TrustedKeys, change, until);
}

[CollectionDefinition(Name)]
public sealed class KeysNodeCollection : ICollectionFixture<KeysNodeFixture>
{
    public const string Name = "keys-node";
}
