using System.Text.RegularExpressions;
using OrleansIm.Deployment.Tests.Rendering;

namespace OrleansIm.Deployment.Tests.Manifests;

/// <summary>Credentials reach pods only through Secrets; production's Secrets are created by the operator, never rendered from git.</summary>
public sealed partial class SecretHandlingTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Credentials_come_from_secret_references_only(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        foreach (var (name, container) in rendered.Containers)
        {
            foreach (var entry in container.Objects("env").Where(e => CredentialName().IsMatch(e.Text("name")!)))
            {
                Assert.True(entry.At("valueFrom", "secretKeyRef") is not null,
                    $"{name}: {entry.Text("name")} must come from a secretKeyRef, not a literal value.");
            }
        }
        foreach (var configMap in rendered.OfKind("ConfigMap"))
        {
            foreach (var (key, value) in configMap.Map("data"))
            {
                Assert.False(CredentialName().IsMatch(key) || value.Contains("Password=", StringComparison.OrdinalIgnoreCase),
                    $"ConfigMap {configMap.Name()} holds a credential in {key}.");
            }
        }
    }

    [Fact]
    public async Task Production_renders_no_secret_values()
    {
        var rendered = await RenderedOverlay.LoadAsync(Overlays.Production);

        Assert.Empty(rendered.OfKind("Secret").Select(s => s.Name()));
        var referenced = rendered.Containers.SelectMany(c => c.Container.Objects("env")).Select(e => e.Text("valueFrom", "secretKeyRef", "name"))
            .Concat(rendered.Workloads.SelectMany(w => w.PodSpec.Objects("volumes")).Select(v => v.Text("secret", "secretName")))
            .OfType<string>()
            .Distinct()
            .Order();
        // The operator creates exactly these (docs/operations.md); a new one must be documented there too.
        Assert.Equal(["orleansim-auth", "orleansim-gateway-tls", "orleansim-postgres"], referenced);
    }

    [GeneratedRegex("Password|Secret|SigningKey$|ConnectionString", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialName();
}
