using OrleansIm.Gateway.Tests.Support;

namespace OrleansIm.Gateway.Tests.Security;

/// <summary>Auth settings that cannot work stop the node at start-up, with a message that names the setting and never the secret.</summary>
// In the keys-node collection only to run one at a time: each starts nodes of its own, and
// starting many at once starves the timing-sensitive room tests running beside them.
[Collection(KeysNodeCollection.Name)]
public sealed class AuthStartupTests
{
    [Fact]
    public async Task No_signing_key_at_all_fails_start_up()
    {
        var failure = await TestNode.FailToStartAsync(new Dictionary<string, string> { ["OrleansIm:Auth:SigningKey"] = "" });
        Assert.NotNull(failure);
        Assert.Contains("No token-signing key is configured", failure.Message);
    }

    [Fact]
    public async Task A_weak_hs256_key_fails_start_up_without_being_echoed()
    {
        const string Weak = "weak-key-31-bytes-long-01234567";
        var failure = await TestNode.FailToStartAsync(new Dictionary<string, string> { ["OrleansIm:Auth:SigningKey"] = Weak });
        Assert.NotNull(failure);
        Assert.Contains("SigningKey must be at least 32 bytes", failure.Message);
        Assert.DoesNotContain(Weak, failure.ToString());
    }

    [Fact]
    public async Task A_weak_secret_among_several_keys_fails_start_up_without_being_echoed()
    {
        const string Weak = "short-secret-abc";
        var failure = await TestNode.FailToStartAsync(new Dictionary<string, string>
        {
            ["OrleansIm:Auth:SigningKeys:0:KeyId"] = "k1",
            ["OrleansIm:Auth:SigningKeys:0:Secret"] = Weak,
        });
        Assert.NotNull(failure);
        Assert.Contains("SigningKeys:0:Secret must be at least 32 bytes", failure.Message);
        Assert.DoesNotContain(Weak, failure.ToString());
    }

    [Fact]
    public async Task An_unreadable_jwks_file_fails_start_up()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.jwks");
        var failure = await TestNode.FailToStartAsync(new Dictionary<string, string> { ["OrleansIm:Auth:JwksPath"] = missing });
        Assert.NotNull(failure);
        Assert.Contains($"The JWKS file '{missing}' cannot be read", failure.Message);
    }

    [Fact]
    public async Task A_public_key_that_is_not_pem_fails_start_up()
    {
        var failure = await TestNode.FailToStartAsync(new Dictionary<string, string>
        {
            ["OrleansIm:Auth:SigningKeys:0:KeyId"] = "k1",
            ["OrleansIm:Auth:SigningKeys:0:PublicKeyPem"] = "-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----",
        });
        Assert.NotNull(failure);
        Assert.Contains("OrleansIm:Auth:SigningKeys:0 is not a PEM RSA or EC public key", failure.Message);
    }

    [Fact]
    public async Task A_private_key_in_place_of_a_public_key_fails_start_up_without_being_echoed()
    {
        var pair = TestKeyPair.Rsa("k1");
        var failure = await TestNode.FailToStartAsync(new Dictionary<string, string>
        {
            ["OrleansIm:Auth:SigningKeys:0:KeyId"] = "k1",
            ["OrleansIm:Auth:SigningKeys:0:PublicKeyPem"] = pair.PrivateKeyPem,
        });
        Assert.NotNull(failure);
        Assert.Contains("holds a private key", failure.Message);
        var body = pair.PrivateKeyPem.Split('\n')[1];
        Assert.DoesNotContain(body, failure.ToString());
    }
}
