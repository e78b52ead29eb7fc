using System.Text;
using Grpc.Core;
using Microsoft.IdentityModel.Tokens;
using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Tests.Security;

/// <summary>Every way a bearer token can be wrong is refused with Unauthenticated and a reason.</summary>
[Collection(KeysNodeCollection.Name)]
public sealed class TokenFailureTests(KeysNodeFixture fixture)
{
    private static readonly SigningCredentials Legacy = TestTokens.Hs256(TestNode.SigningKey);

    [Fact]
    public async Task A_call_without_an_authorization_header_is_refused()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client(null).ListConversationsAsync(new ListConversationsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("authorization: Bearer", error.Status.Detail);
    }

    [Theory]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    [InlineData("token-without-scheme")]
    public async Task A_malformed_authorization_header_is_refused(string header)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client(header).ListConversationsAsync(new ListConversationsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("authorization: Bearer", error.Status.Detail);
    }

    [Fact]
    public async Task A_token_that_is_not_a_jwt_is_refused()
    {
        var status = await fixture.RefusedAsync("not-a-jwt");
        Assert.Equal(StatusCode.Unauthenticated, status.StatusCode);
        Assert.Equal("The token is not a well-formed JWT.", status.Detail);
    }

    [Fact]
    public async Task A_token_signed_with_an_unknown_secret_is_refused()
    {
        var token = TestTokens.Create(TestTokens.Hs256("an-unknown-secret-0123456789-0123456789"), NodeFixture.Unique("mallory"));
        var status = await fixture.RefusedAsync(token);
        Assert.Equal(StatusCode.Unauthenticated, status.StatusCode);
        Assert.Equal("The token's signature is not valid.", status.Detail);
    }

    [Fact]
    public async Task A_token_whose_signature_was_tampered_with_is_refused()
    {
        var token = TestTokens.Create(Legacy, NodeFixture.Unique("alice"));
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("alice", "admin");
        var status = await fixture.RefusedAsync($"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}");
        Assert.Equal("The token's signature is not valid.", status.Detail);
    }

    [Fact]
    public async Task A_token_naming_an_unknown_kid_is_refused_even_if_signed_by_a_trusted_key()
    {
        var token = TestTokens.Create(fixture.Rsa.Credentials(kid: "retired-key"), NodeFixture.Unique("alice"));
        var status = await fixture.RefusedAsync(token);
        Assert.Equal(StatusCode.Unauthenticated, status.StatusCode);
        Assert.Equal("The token's signing key is not trusted.", status.Detail);
    }

    [Fact]
    public async Task A_token_signed_by_one_key_but_naming_another_kid_is_refused()
    {
        var token = TestTokens.Create(fixture.Ec.Credentials(kid: fixture.Rsa.KeyId), NodeFixture.Unique("alice"));
        var status = await fixture.RefusedAsync(token);
        Assert.Equal(StatusCode.Unauthenticated, status.StatusCode);
        Assert.Equal("The token's signature is not valid.", status.Detail);
    }

    [Fact]
    public async Task An_expired_token_is_refused_beyond_the_clock_skew()
    {
        var token = TestTokens.Create(Legacy, NodeFixture.Unique("late"), expires: DateTime.UtcNow.AddMinutes(-5));
        var status = await fixture.RefusedAsync(token);
        Assert.Equal("The token has expired.", status.Detail);
    }

    [Fact]
    public async Task A_token_expired_by_less_than_the_clock_skew_is_still_accepted()
    {
        var token = TestTokens.Create(Legacy, NodeFixture.Unique("skewed"), expires: DateTime.UtcNow.AddSeconds(-5));
        await fixture.CallAsync(token);
    }

    [Fact]
    public async Task A_token_not_valid_yet_is_refused()
    {
        var token = TestTokens.Create(Legacy, NodeFixture.Unique("early"), notBefore: DateTime.UtcNow.AddMinutes(5), expires: DateTime.UtcNow.AddMinutes(20));
        var status = await fixture.RefusedAsync(token);
        Assert.Equal("The token is not valid yet.", status.Detail);
    }

    [Fact]
    public async Task A_token_without_an_expiry_is_refused()
    {
        var token = TestTokens.Create(Legacy, NodeFixture.Unique("forever"), withExpiry: false);
        var status = await fixture.RefusedAsync(token);
        Assert.Equal("The token has no expiry.", status.Detail);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var token = TestTokens.Create(Legacy, NodeFixture.Unique("alice"), issuer: "someone-else");
        var status = await fixture.RefusedAsync(token);
        Assert.Equal("The token's issuer is not accepted.", status.Detail);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = TestTokens.Create(Legacy, NodeFixture.Unique("alice"), audience: "another-service");
        var status = await fixture.RefusedAsync(token);
        Assert.Equal("The token's audience is not accepted.", status.Detail);
    }

    [Fact]
    public async Task An_unsigned_token_alg_none_is_refused()
    {
        var status = await fixture.RefusedAsync(TestTokens.Unsigned(NodeFixture.Unique("alice")));
        Assert.Equal(StatusCode.Unauthenticated, status.StatusCode);
        Assert.Equal("The token's algorithm is not accepted.", status.Detail);
    }

    [Fact]
    public async Task An_hs256_token_keyed_with_the_rsa_public_key_is_refused()
    {
        // The classic algorithm confusion: HMAC with the (public) RSA key as the secret.
        var token = TestTokens.Create(TestTokens.Hs256(fixture.Rsa.PublicKeyPem, kid: fixture.Rsa.KeyId), NodeFixture.Unique("alice"));
        var status = await fixture.RefusedAsync(token);
        Assert.Equal(StatusCode.Unauthenticated, status.StatusCode);
        Assert.StartsWith("The token's sign", status.Detail);
    }

    [Fact]
    public async Task A_token_with_an_algorithm_outside_the_accepted_ones_is_refused()
    {
        var trustedKeyWrongAlgorithm = new SigningCredentials(fixture.Rsa.Credentials().Key, SecurityAlgorithms.RsaSha384);
        var status = await fixture.RefusedAsync(TestTokens.Create(trustedKeyWrongAlgorithm, NodeFixture.Unique("alice")));
        Assert.Equal("The token's algorithm is not accepted.", status.Detail);
    }

    [Fact]
    public async Task A_token_without_a_subject_is_refused()
    {
        var status = await fixture.RefusedAsync(TestTokens.Create(Legacy, subject: null));
        Assert.Equal("The token has no subject.", status.Detail);
    }
}
