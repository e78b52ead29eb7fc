using k8s;
using OrleansIm.Deployment.Tests.Rendering;

namespace OrleansIm.Deployment.Tests.Manifests;

/// <summary>
/// kubectl kustomize does not validate fields, and without an API server nothing else here does:
/// a misspelt field (readOnlyRootFilesytem) would be dropped silently by the cluster. The
/// Kubernetes client's typed models, read strictly, refuse any field the API does not have.
/// </summary>
public sealed class SchemaTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_built_in_resource_has_only_fields_the_Kubernetes_API_knows(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var documents = rendered.Yaml.Split("\n---\n");
        var checkedKinds = new List<string>();

        Assert.Equal(rendered.Resources.Count, documents.Length);
        foreach (var (document, resource) in documents.Zip(rendered.Resources))
        {
            // Custom resources (cert-manager) have no model here.
            if (!IsBuiltIn(resource.Text("apiVersion")!))
            {
                continue;
            }
            var parsed = Assert.Single(KubernetesYaml.LoadAllFromString(document, strict: true));
            checkedKinds.Add(parsed.GetType().Name);
        }
        Assert.Contains("V1Deployment", checkedKinds);
        Assert.Contains("V2HorizontalPodAutoscaler", checkedKinds);
        Assert.Contains("V1NetworkPolicy", checkedKinds);
    }

    private static bool IsBuiltIn(string apiVersion) =>
        !apiVersion.Contains('/') || apiVersion.Split('/')[0] is var group && (!group.Contains('.') || group.EndsWith(".k8s.io", StringComparison.Ordinal));
}
