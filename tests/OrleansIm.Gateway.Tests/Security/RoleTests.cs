using OrleansIm.Gateway.Tests.Support;
using OrleansIm.Grains.Interfaces.Security;

namespace OrleansIm.Gateway.Tests.Security;

/// <summary>The caller and its roles reach the handler, and with it every grain call, through Orleans' RequestContext.</summary>
[Collection(KeysNodeCollection.Name)]
public sealed class RoleTests(KeysNodeFixture fixture)
{
    public static TheoryData<string, object?, CallerRoles> Claims => new()
    {
        { "role", "admin", CallerRoles.Admin },
        { "role", new[] { "member", "admin" }, CallerRoles.Admin },
        { "role", "member", CallerRoles.None },
        { "role", "administrator", CallerRoles.None },
        { "scope", "chat.read im.service", CallerRoles.Service },
        { "scope", "chat.read", CallerRoles.None },
        { "groups", "admin", CallerRoles.None },
        { "none", null, CallerRoles.None },
    };

    [Theory]
    [MemberData(nameof(Claims))]
    public async Task The_roles_of_a_token_are_set_in_the_callers_context(string claim, object? value, CallerRoles expected)
    {
        var user = NodeFixture.Unique("roles");
        var claims = value is null ? null : new Dictionary<string, object> { [claim] = value };
        var probe = Guid.NewGuid().ToString("N");

        await fixture.CallAsync(TestTokens.Create(fixture.Rsa.Credentials(), user, claims: claims), probe);

        var seen = fixture.Probe.Seen(probe);
        Assert.NotNull(seen);
        Assert.Equal(user, seen.Value.UserId);
        Assert.Equal(expected, seen.Value.Roles);
    }

    [Fact]
    public async Task The_caller_of_a_stream_is_set_in_its_context_too()
    {
        var user = NodeFixture.Unique("streamer");
        var probe = Guid.NewGuid().ToString("N");
        var token = TestTokens.Create(fixture.Ec.Credentials(), user, claims: new Dictionary<string, object> { ["role"] = "admin" });

        await using var stream = await TestStream.OpenAsync(fixture.Client($"Bearer {token}", probe), "phone", 0);

        Assert.Equal((user, CallerRoles.Admin), fixture.Probe.Seen(probe));
    }

    [Fact]
    public async Task An_admin_that_is_also_a_service_has_both_roles()
    {
        var probe = Guid.NewGuid().ToString("N");
        var claims = new Dictionary<string, object> { ["role"] = "admin", ["scope"] = "im.service" };
        await fixture.CallAsync(TestTokens.Create(TestTokens.Hs256(TestNode.SigningKey), NodeFixture.Unique("both"), claims: claims), probe);
        Assert.Equal(CallerRoles.Admin | CallerRoles.Service, fixture.Probe.Seen(probe)?.Roles);
    }
}
