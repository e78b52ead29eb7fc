using OrleansIm.Gateway.Tests.Support;

namespace OrleansIm.Gateway.Tests.Security;

/// <summary>Several keys are trusted at once, from configuration and from a JWKS file that rotates without a restart.</summary>
[Collection(KeysNodeCollection.Name)]
public sealed class SigningKeyTests(KeysNodeFixture fixture)
{
    [Fact]
    public async Task Tokens_signed_by_each_configured_key_are_accepted()
    {
        await fixture.CallAsync(TestTokens.Create(TestTokens.Hs256(TestNode.SigningKey), NodeFixture.Unique("legacy")));
        await fixture.CallAsync(TestTokens.Create(TestTokens.Hs256(KeysNodeFixture.SecondSecret, kid: "hs-2"), NodeFixture.Unique("hs")));
        await fixture.CallAsync(TestTokens.Create(fixture.Rsa.Credentials(), NodeFixture.Unique("rs")));
        await fixture.CallAsync(TestTokens.Create(fixture.Ec.Credentials(), NodeFixture.Unique("es")));
        await fixture.CallAsync(TestTokens.Create(fixture.JwksB.Credentials(), NodeFixture.Unique("jwks")));
    }

    [Fact]
    public async Task A_key_removed_from_the_jwks_file_is_refused_once_the_file_is_read_again_even_for_a_cached_token()
    {
        var rotatedOut = TestKeyPair.Rsa("jwks-rotated-out");
        var kept = TestKeyPair.Ec("jwks-kept");
        await fixture.ChangeJwksAsync(() => TestKeyPair.WriteJwks(fixture.JwksPath, rotatedOut, kept, fixture.JwksB), r => r.Applied && r.KeyIds.Contains(rotatedOut.KeyId));
        var oldToken = TestTokens.Create(rotatedOut.Credentials(), NodeFixture.Unique("old"));
        var keptToken = TestTokens.Create(kept.Credentials(), NodeFixture.Unique("kept"));
        await fixture.CallAsync(oldToken);
        await fixture.CallAsync(keptToken);
        Assert.NotNull(fixture.Validator.Cache.Get(oldToken, fixture.TrustedKeys.Version));

        var reload = await fixture.ChangeJwksAsync(() => TestKeyPair.WriteJwks(fixture.JwksPath, kept, fixture.JwksB), r => r.Applied && !r.KeyIds.Contains(rotatedOut.KeyId));

        Assert.Equal([kept.KeyId, fixture.JwksB.KeyId], reload.KeyIds);
        var status = await fixture.RefusedAsync(oldToken);
        Assert.Equal("The token's signing key is not trusted.", status.Detail);
        await fixture.CallAsync(keptToken);
    }

    [Fact]
    public async Task A_jwks_file_that_cannot_be_parsed_keeps_the_previous_keys_and_logs_a_warning_without_its_content()
    {
        const string Broken = "{\"keys\": [ this is not json secret-looking-content";
        var token = TestTokens.Create(fixture.JwksB.Credentials(), NodeFixture.Unique("steady"));
        await fixture.CallAsync(token);

        var reload = await fixture.ChangeJwksAsync(() => TestKeyPair.WriteFileAtomically(fixture.JwksPath, Broken), r => !r.Applied);

        Assert.Contains("not a valid JWK set", reload.Error);
        await fixture.CallAsync(token);
        await fixture.CallAsync(TestTokens.Create(fixture.JwksB.Credentials(), NodeFixture.Unique("fresh")));
        Assert.Contains(fixture.Logs.Lines, l => l.StartsWith("Warning") && l.Contains("not a valid JWK set"));
        Assert.DoesNotContain("secret-looking-content", fixture.Logs.Text);

        // A fresh extra key makes the repaired file differ from every file read before.
        await fixture.ChangeJwksAsync(() => TestKeyPair.WriteJwks(fixture.JwksPath, fixture.JwksA, fixture.JwksB, TestKeyPair.Ec("jwks-repair")), r => r.Applied);
    }

    [Fact]
    public async Task Repeated_calls_with_one_token_are_served_from_the_validated_token_cache()
    {
        var token = TestTokens.Create(fixture.Rsa.Credentials(), NodeFixture.Unique("busy"));
        await fixture.CallAsync(token);
        var hits = fixture.Validator.Cache.Hits;
        await fixture.CallAsync(token);
        await fixture.CallAsync(token);
        Assert.True(fixture.Validator.Cache.Hits >= hits + 2, $"hits went from {hits} to {fixture.Validator.Cache.Hits}");
    }
}
